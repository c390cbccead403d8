//! Integration tests in one binary: each starts the real server on port 0 with a fresh database.

mod helpers;

mod calculator;
mod health;
mod seed_demo;
