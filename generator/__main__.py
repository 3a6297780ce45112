import gc

from generator.cli import main

code = main()
# The process ends here: everything it read is still alive, and the collector's passes at shutdown
# would walk all of it only to find it alive (a third of a 10,000-question check). Frozen objects
# are left out of those passes; nothing of the run is needed after this line.
gc.freeze()
raise SystemExit(code)
