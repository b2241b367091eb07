# Sourced by run.sh and test.sh (from the repository's root): .venv, and the project installed in editable mode
# (code changes need no reinstall). pip runs only when the dependencies may have changed: the stamp file given
# holds the hash of pyproject.toml from the last install of that spec ("." or ".[test]").
[ -x .venv/bin/python ] || python3 -m venv .venv

install_project() {  # install_project SPEC STAMP
  local wanted
  wanted=$(.venv/bin/python -c 'import hashlib,sys; print(hashlib.sha256(open(sys.argv[1],"rb").read()).hexdigest())' pyproject.toml)
  if [ ! -x .venv/bin/dti-bot ] || [ "$(cat "$2" 2>/dev/null)" != "$wanted" ]; then
    .venv/bin/python -m pip install -q --disable-pip-version-check -e "$1"
    echo "$wanted" > "$2"
  fi
}
