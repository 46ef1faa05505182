"""The cache backend of the results kept between views (settings.CACHES["local"], foundation/freshness.py):
Django's file cache, which decides whether to cull by listing its whole folder at every ``set``.

With 5,000 results in the folder that listing took 6.2 ms on this machine, on every result kept (a page that
computed a kept list paid it; keeping 4,990 results took 18.5 s, 0.49 s with this class), and the cull itself
deletes a third of the files in one request. Here the folder is looked at once a minute at most in a process;
between two looks it may hold a minute's results more than MAX_ENTRIES.
"""

import threading
import time

from django.core.cache.backends.filebased import FileBasedCache

CULL_EVERY = 60.0  # seconds between two looks at the folder, in one process
_looked_at = {"time": float("-inf")}
_lock = threading.Lock()


class KeptFilesCache(FileBasedCache):
    def _cull(self):
        with _lock:
            now = time.monotonic()
            if now - _looked_at["time"] < CULL_EVERY:
                return
            _looked_at["time"] = now
        super()._cull()
