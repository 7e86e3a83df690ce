//! Where the commas and newlines of an unquoted CSV block are, 64 bytes at
//! a time: one bit per byte, so a row's fields are found by walking bits
//! instead of bytes.

use wide::u8x16;

/// Bytes classified at once.
pub const CHUNK: usize = 64;

/// (commas, newlines) of `chunk`: bit `k` is set where byte `k` is one.
/// Sixteen bytes a step, compared at once (SSE2 on x86-64, NEON on
/// ARM, plain code elsewhere).
pub fn classify(chunk: &[u8; CHUNK]) -> (u64, u64) {
    let (comma, newline) = (u8x16::splat(b','), u8x16::splat(b'\n'));
    let (mut commas, mut newlines) = (0u64, 0u64);
    for (q, lane) in chunk.chunks_exact(16).enumerate() {
        let lane = u8x16::new(lane.try_into().expect("sixteen bytes"));
        commas |= u64::from(lane.simd_eq(comma).to_bitmask()) << (16 * q);
        newlines |= u64::from(lane.simd_eq(newline).to_bitmask()) << (16 * q);
    }
    (commas, newlines)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn naive(chunk: &[u8; CHUNK]) -> (u64, u64) {
        let bits = |b: u8| (0..CHUNK).filter(|&k| chunk[k] == b).fold(0u64, |m, k| m | 1 << k);
        (bits(b','), bits(b'\n'))
    }

    #[test]
    fn classifying_agrees_with_looking_at_each_byte() {
        // Every byte value, at every position, beside commas and newlines.
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        for round in 0..2000 {
            let mut chunk = [0u8; CHUNK];
            for (k, b) in chunk.iter_mut().enumerate() {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                *b = match seed % 4 {
                    0 => b',',
                    1 => b'\n',
                    _ => ((seed >> 8) as u8).wrapping_add((round + k) as u8),
                };
            }
            assert_eq!(classify(&chunk), naive(&chunk), "{chunk:?}");
        }
        let all: [u8; CHUNK] = std::array::from_fn(|k| (k * 4) as u8);
        assert_eq!(classify(&all), naive(&all));
        assert_eq!(classify(&[b','; CHUNK]), (u64::MAX, 0));
        assert_eq!(classify(&[b'\n'; CHUNK]), (0, u64::MAX));
    }
}
