//! Integration tests in one binary: each starts the real server on port 0 with a fresh database.

// `generate_route_list(app::App)` (account_pages) lays out the whole view tree, whose nested
// view types go deeper than the default limit of 128.
#![recursion_limit = "256"]

mod helpers;

mod account_pages;
mod accounts;
mod calculator;
mod concurrency;
mod contracts;
mod error_messages;
mod errors;
mod evaluation;
mod form_messages;
mod frameworks;
mod glossary_links;
mod guides;
mod health;
mod home;
mod http_security;
mod offers;
mod queries;
mod returns;
mod reviews;
mod s3_server;
mod seed_demo;
mod serving;
mod smtp_sink;
mod sqlite_writers;
mod tenders;
mod two_factor;
