// The Statistics module: see the files beside this one.
