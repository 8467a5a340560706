from timeline.cli import main

if __name__ == "__main__":  # not when a worker process imports it (Dask, spawn)
    raise SystemExit(main())
