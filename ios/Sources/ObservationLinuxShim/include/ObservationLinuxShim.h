// No API: the target only supplies a symbol Debian's libswiftObservation.so needs (see shim.c).
