#pragma once

// The verbs of the command line (SPEC §3), one file each in app/. `args`
// excludes the program and the verb. Each returns the process exit code
// (cli::ExitCode). main.cpp creates the application object a verb needs.

#include <QStringList>

namespace asyncscope::cli {

int runVerb(const QStringList &args);      // run_verb.cpp, QCoreApplication
int examplesVerb(const QStringList &args); // examples_verb.cpp, QCoreApplication
int serveVerb(const QStringList &args);    // serve_verb.cpp, QCoreApplication
int importVerb(const QStringList &args);   // import_verb.cpp, QCoreApplication
int codeVerb(const QStringList &args);     // code_verb.cpp, QCoreApplication
int checkVerb(const QStringList &args);    // check_verb.cpp, QCoreApplication
int exportVerb(int &argc, char **argv);    // export_verb.cpp: checks, then makes a QGuiApplication (offscreen)
int windowVerb(int &argc, char **argv);   // window_verb.cpp: checks, then makes its QApplication

} // namespace asyncscope::cli
