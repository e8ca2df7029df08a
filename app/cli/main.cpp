#include <cstdio>
int main() { std::puts("planmap-cli: under construction"); return 1; }
