#ifndef KSCRIPT_READLINE_SHIM_H
#define KSCRIPT_READLINE_SHIM_H
#include <stdio.h>
#include <readline/readline.h>
#include <readline/history.h>
#endif
