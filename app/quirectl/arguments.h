#pragma once
// quirectl's command line: global options, one verb, the verb's own
// options and its positional arguments. Parsing knows nothing about albums;
// it only says what was asked, or why the asking was wrong (a usage error).

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

namespace quirectl {

struct Context;
// Runs a verb; returns the process exit code.
using Handler = int (*)(Context &context);

// What one verb accepts. main.cpp keeps the table of verbs.
struct VerbSpec {
    QString name;
    QString synopsis;        // "ALBUM [--tag TAG]...", for the usage text
    QString summary;         // one line saying what the verb does
    int minPositionals = 0;
    int maxPositionals = 0;  // -1: no limit
    QStringList options;     // options of this verb; each takes a value ("--name")
    QStringList repeatable;  // those of `options` that may be given more than once
    Handler run = nullptr;
    // Last, with initializers, so that a table entry may leave them out.
    QStringList flags = {};    // options of this verb that take no value ("--as-copy")
    QStringList required = {}; // those of `flags` and `options` that must be given
};

struct Arguments {
    QString workspace;       // empty: Registry::defaultWorkspace()
    QString formatFile;      // --format FILE: tenants of that format, not albums
    bool json = false;
    bool help = false;
    const VerbSpec *verb = nullptr;
    QStringList positionals; // the arguments after the verb, in order
    QHash<QString, QStringList> options; // "--tag" -> its values, in order; a flag -> {""}

    // The value of a single-valued option, or a null string when absent.
    QString option(const QString &name) const;
    QStringList values(const QString &name) const { return options.value(name); }
    // Whether a flag (or any option) was given.
    bool flag(const QString &name) const { return options.contains(name); }
};

struct ParsedArguments {
    Arguments arguments;     // as far as parsing got (json is always known)
    QString error;           // non-empty: a usage error, in one sentence
};

// Parses argv without the program name. Global options (--workspace DIR,
// --json, --help) may stand anywhere; "--opt=value" and "--opt value" are
// both accepted; "--" ends the options.
ParsedArguments parseArguments(const QStringList &arguments, const QList<VerbSpec> &verbs);

QString usageText(const QList<VerbSpec> &verbs);

} // namespace quirectl
