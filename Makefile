# Shortcuts for the two commands in README.md.
.PHONY: lab test setup notebooks exercises

lab:        ## start JupyterLab on lectures/ (sets everything up first)
	bash scripts/lab.sh

test:       ## lint, unit tests and every lecture/solution notebook with nbval
	bash scripts/test.sh

setup:
	bash scripts/setup.sh

exercises:  ## regenerate exercises/ and the badge/setup cells
	.venv/bin/python -m coursekit notebooks sync

notebooks:  ## re-execute lectures and solutions in place (quick mode)
	.venv/bin/python -m coursekit notebooks execute
