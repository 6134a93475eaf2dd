// The Store module: see the files beside this one.
