"""The demo: a local site of invented blogs and review pages, crawled, analysed and ranked for real."""
