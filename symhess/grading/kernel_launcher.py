"""Started as a script (never ``-m``, so a ``symhess`` folder beside the notebook cannot stand
in for this file): copy the staged files into the working directory, set the kernel's resource
limits, then start an IPython kernel.

``python kernel_launcher.py STAGE HOME MEMORY FILE_SIZE PROCESSES CPU_SECONDS -f CONNECTION``

Inside the sandbox STAGE is the read-only copy of the notebook's folder and HOME the writable
tmpfs; without a sandbox both are the grader's temporary copy.
"""

import os
import resource
import shutil
import sys


def _limit(which, value: int) -> None:
    if value > 0:
        soft, hard = resource.getrlimit(which)
        cap = value if hard == resource.RLIM_INFINITY else min(value, hard)
        resource.setrlimit(which, (cap, cap))


if __name__ == "__main__":
    stage, home = sys.argv[1], sys.argv[2]
    memory, file_size, processes, cpu = (int(v) for v in sys.argv[3:7])
    del sys.argv[1:7]
    sys.path.pop(0)  # this file's folder is not the student's business
    if stage != home:  # contents only: the tmpfs root itself belongs to the sandbox's root
        for item in os.listdir(stage):
            src, dst = os.path.join(stage, item), os.path.join(home, item)
            if os.path.isdir(src):
                shutil.copytree(src, dst, copy_function=shutil.copyfile)
            else:
                shutil.copyfile(src, dst)
    os.chdir(home)
    _limit(resource.RLIMIT_AS, memory)
    _limit(resource.RLIMIT_FSIZE, file_size)
    _limit(resource.RLIMIT_NPROC, processes)
    _limit(resource.RLIMIT_CPU, cpu)
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    from ipykernel import kernelapp

    kernelapp.launch_new_instance()
