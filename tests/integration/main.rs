//! Integration tests in one binary: each starts the real server on port 0 with a fresh database.

mod helpers;

mod account_pages;
mod accounts;
mod calculator;
mod frameworks;
mod health;
mod http_security;
mod seed_demo;
mod tenders;
