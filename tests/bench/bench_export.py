raise SystemExit("not written")
