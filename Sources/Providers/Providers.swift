// The Providers module: see the files beside this one.
