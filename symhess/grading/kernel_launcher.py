"""Started as a script (never ``-m``, so a ``symhess`` folder beside the notebook cannot stand
in for this file): set the kernel's resource limits, then start an IPython kernel.

``python kernel_launcher.py MEMORY_BYTES FILE_BYTES -f CONNECTION_FILE``
"""

import resource
import sys


def _limit(which, value: int) -> None:
    if value > 0:
        soft, hard = resource.getrlimit(which)
        cap = value if hard == resource.RLIM_INFINITY else min(value, hard)
        resource.setrlimit(which, (cap, cap))


if __name__ == "__main__":
    memory, file_size = int(sys.argv[1]), int(sys.argv[2])
    del sys.argv[1:3]
    sys.path.pop(0)  # this file's folder is not the student's business
    _limit(resource.RLIMIT_AS, memory)
    _limit(resource.RLIMIT_FSIZE, file_size)
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    from ipykernel import kernelapp

    kernelapp.launch_new_instance()
