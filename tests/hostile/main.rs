//! Hostile and faulty input: one module per class of attack or mistake.
//! Every test runs the binary through `bounded.sh` (memory and time caps),
//! asserts the exact exit code and message, and that the evidence tree is
//! unchanged and nothing from outside it reaches any output.

mod boundary;
mod cli;
mod determinism;
mod drops;
mod errors;
mod fuzz;
mod harness;
mod office;
mod outcome;
mod parsers;
mod placeholders;
mod property;
mod reports;
mod resources;
mod text;
mod verdicts;
