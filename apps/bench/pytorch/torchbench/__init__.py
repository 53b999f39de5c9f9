"""The PyTorch side of `pnpm bench -- --compare pytorch`: the bench-spec tasks of
docs/bench-spec.md written in PyTorch from the spec, timed by the same rules as the TF.js runner."""
