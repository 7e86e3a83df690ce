//! Exactly rounded floating-point sums (Shewchuk's algorithm, as Python's
//! `math.fsum`). Record files are read in blocks on every core, so values
//! reach a group's total in an order that depends on the thread count; a
//! plain `+=` would then give a mean that differs in its last bits from run
//! to run, and a gate at a boundary that depends on `RAYON_NUM_THREADS`.
//! The exact sum is the same whatever the order.

/// The sum so far, held exactly as non-overlapping partials.
#[derive(Debug, Clone, Default)]
pub struct ExactSum {
    partials: Vec<f64>,
    /// Infinities and NaNs, which have no exact partials.
    special: f64,
}

impl ExactSum {
    pub fn add(&mut self, mut x: f64) {
        if !x.is_finite() {
            self.special += x;
            return;
        }
        let mut kept = 0;
        for j in 0..self.partials.len() {
            let mut y = self.partials[j];
            if x.abs() < y.abs() {
                std::mem::swap(&mut x, &mut y);
            }
            let hi = x + y;
            if !hi.is_finite() {
                // Past f64's range: the sum is infinite whatever follows.
                self.special += hi;
                return;
            }
            let lo = y - (hi - x);
            if lo != 0.0 {
                self.partials[kept] = lo;
                kept += 1;
            }
            x = hi;
        }
        self.partials.truncate(kept);
        self.partials.push(x);
    }

    pub fn merge(&mut self, other: &ExactSum) {
        for &p in &other.partials {
            self.add(p);
        }
        self.special += other.special;
    }

    /// The exact sum, correctly rounded to the nearest f64.
    pub fn value(&self) -> f64 {
        if self.special != 0.0 || self.special.is_nan() {
            return self.special;
        }
        let p = &self.partials;
        let Some(mut n) = p.len().checked_sub(1) else {
            return 0.0;
        };
        let mut hi = p[n];
        let mut lo = 0.0;
        while n > 0 {
            let x = hi;
            n -= 1;
            let y = p[n];
            hi = x + y;
            lo = y - (hi - x);
            if lo != 0.0 {
                break;
            }
        }
        // Round half to even across the partials below, as fsum does.
        if n > 0 && ((lo < 0.0 && p[n - 1] < 0.0) || (lo > 0.0 && p[n - 1] > 0.0)) {
            let y = lo * 2.0;
            let x = hi + y;
            if y == x - hi {
                hi = x;
            }
        }
        hi
    }
}

#[cfg(test)]
mod tests {
    use super::ExactSum;
    use proptest::prelude::*;

    fn sum(values: &[f64]) -> f64 {
        let mut s = ExactSum::default();
        values.iter().for_each(|v| s.add(*v));
        s.value()
    }

    #[test]
    fn exact_where_plain_addition_is_not() {
        assert_eq!(sum(&[0.1; 10]), 1.0);
        assert_eq!(sum(&[1e100, 1.0, -1e100]), 1.0);
        assert_eq!(sum(&[]), 0.0);
        assert!(sum(&[f64::INFINITY, 1.0]).is_infinite());
        assert!(sum(&[f64::MAX, f64::MAX]).is_infinite());
    }

    proptest! {
        #[test]
        fn order_and_grouping_do_not_matter(
            values in proptest::collection::vec(-1e6f64..1e6, 0..200),
            split in 0usize..200,
            seed in any::<u64>(),
        ) {
            let mut shuffled = values.clone();
            // A deterministic shuffle from the seed.
            let mut state = seed | 1;
            for i in (1..shuffled.len()).rev() {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                shuffled.swap(i, (state % (i as u64 + 1)) as usize);
            }
            let cut = split.min(shuffled.len());
            let (mut a, mut b) = (ExactSum::default(), ExactSum::default());
            shuffled[..cut].iter().for_each(|v| a.add(*v));
            shuffled[cut..].iter().for_each(|v| b.add(*v));
            b.merge(&a);
            prop_assert_eq!(b.value().to_bits(), sum(&values).to_bits());
        }
    }
}
