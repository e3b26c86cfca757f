"""Pure parsers: one response in, records out. No I/O, no globals."""
