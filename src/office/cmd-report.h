/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cmd-report.h — "tremplin-office report": the season report, with charts. */
#pragma once

/* The command's entry, as main.c's table calls it (argv[0] is "report").
 * Returns the exit status: 0, 1 on an error, 2 on a usage error. */
int tr_office_cmd_report (int argc, char **argv);
