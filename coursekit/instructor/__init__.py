"""The instructor's machinery; the notebooks students run import nothing from here.

Needs the ``instructor`` extra (``pip install -e ".[instructor]"``, included in
``[all]``). One concern per module:

* :mod:`~coursekit.instructor.cli` – ``python -m coursekit notebooks|data|bench|grade``
* :mod:`~coursekit.instructor.course` – where the course is published, the repository root

Notebook tooling:

* :mod:`~coursekit.instructor.checkcells` – the check-cell format (``# CHECK: <name>``)
* :mod:`~coursekit.instructor.header` – the Colab badge and setup cells every notebook starts with
* :mod:`~coursekit.instructor.exercises` – exercises from solutions (``### BEGIN SOLUTION``)
* :mod:`~coursekit.instructor.notebooks` – the workbook's notebook files: read, write, sync, stale
* :mod:`~coursekit.instructor.execute` – re-executing lectures and solutions in place
* :mod:`~coursekit.instructor.measure` – timing copies in quick or full mode, claim checks, GPU memory

Grading (``python -m coursekit grade``):

* :mod:`~coursekit.instructor.submissions` – folders and link tables, student keys, downloads, Colab files
* :mod:`~coursekit.instructor.prepare` – which exercise, the instructor's checks put back
* :mod:`~coursekit.instructor.scratch` – the scratch copy of the course and the job's environment
* :mod:`~coursekit.instructor.sandbox` – bubblewrap / container / (loudly) none around each job
* :mod:`~coursekit.instructor.kernel_guard` – start-up file in the kernel: pristine checks, proof of a finished check
* :mod:`~coursekit.instructor.nbval_recorder` – pytest plugin: nbval's verdict per cell, as JSON lines
* :mod:`~coursekit.instructor.runner` – one submission through nbval in its own process
* :mod:`~coursekit.instructor.watchdog` – time and memory limits, dead kernels, leftover processes
* :mod:`~coursekit.instructor.scoring` – checks passed, status and the Korean reasons
* :mod:`~coursekit.instructor.reports` – ``report.csv`` and the Markdown feedback
* :mod:`~coursekit.instructor.grading` – grading many submissions side by side, resubmissions

and :mod:`~coursekit.instructor.bench` – coursekit's trainers against gensim.
"""
