#include "arguments.h"

#include <algorithm>

namespace quirectl {

namespace {

const QString WorkspaceOption = QStringLiteral("--workspace");
const QString FormatOption = QStringLiteral("--format");
const QString JsonOption = QStringLiteral("--json");
const QString HelpOption = QStringLiteral("--help");

struct Token {
    QString name;  // an option's name, or empty for a positional argument
    QString value; // the option's value, or the positional argument
};

bool isValueOption(const QString &name, const QList<VerbSpec> &verbs)
{
    if (name == WorkspaceOption || name == FormatOption)
        return true;
    for (const VerbSpec &verb : verbs) {
        if (verb.options.contains(name))
            return true;
    }
    return false;
}

bool isFlag(const QString &name, const QList<VerbSpec> &verbs)
{
    if (name == JsonOption || name == HelpOption)
        return true;
    for (const VerbSpec &verb : verbs) {
        if (verb.flags.contains(name))
            return true;
    }
    return false;
}

// Splits the command line into options and positional arguments. Whether an
// option takes a value is known from its name alone, so this pass needs no
// verb yet (a global option may come before or after the verb).
QString tokenize(const QStringList &arguments, const QList<VerbSpec> &verbs, QList<Token> &tokens)
{
    bool optionsEnded = false;
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        const QString &argument = arguments.at(i);
        if (optionsEnded || argument == QLatin1String("-") || !argument.startsWith(QLatin1Char('-'))) {
            tokens.append({QString(), argument});
            continue;
        }
        if (argument == QLatin1String("--")) {
            optionsEnded = true;
            continue;
        }
        if (argument == QLatin1String("-h")) {
            tokens.append({HelpOption, QString()});
            continue;
        }
        if (!argument.startsWith(QLatin1String("--")))
            return QStringLiteral("unknown option '%1'").arg(argument);

        const qsizetype equals = argument.indexOf(QLatin1Char('='));
        const QString name = equals < 0 ? argument : argument.left(equals);
        if (isFlag(name, verbs)) {
            if (equals >= 0)
                return QStringLiteral("%1 takes no value").arg(name);
            tokens.append({name, QString()});
            continue;
        }
        if (!isValueOption(name, verbs))
            return QStringLiteral("unknown option '%1'").arg(name);
        if (equals >= 0) {
            tokens.append({name, argument.mid(equals + 1)});
        } else if (i + 1 < arguments.size()) {
            tokens.append({name, arguments.at(++i)});
        } else {
            return QStringLiteral("%1 needs a value").arg(name);
        }
    }
    return {};
}

QString checkVerb(const Arguments &a)
{
    const VerbSpec &verb = *a.verb;
    for (auto it = a.options.cbegin(); it != a.options.cend(); ++it) {
        if (!verb.options.contains(it.key()) && !verb.flags.contains(it.key()))
            return QStringLiteral("'%1' has no option %2").arg(verb.name, it.key());
        // A flag given twice still says the same thing (as --json does).
        if (it.value().size() > 1 && verb.options.contains(it.key()) && !verb.repeatable.contains(it.key()))
            return QStringLiteral("%1 may be given only once").arg(it.key());
    }
    for (const QString &name : verb.required) {
        if (!a.options.contains(name))
            return QStringLiteral("'%1' needs %2: %1 %3").arg(verb.name, name, verb.synopsis);
    }
    const qsizetype count = a.positionals.size();
    if (count < verb.minPositionals)
        return QStringLiteral("'%1' needs more arguments: %1 %2").arg(verb.name, verb.synopsis);
    if (verb.maxPositionals >= 0 && count > verb.maxPositionals)
        return QStringLiteral("'%1' takes fewer arguments (unexpected '%2'): %1 %3")
            .arg(verb.name, a.positionals.at(verb.maxPositionals), verb.synopsis);
    return {};
}

} // namespace

QString Arguments::option(const QString &name) const
{
    const QStringList given = options.value(name);
    return given.isEmpty() ? QString() : given.constLast();
}

ParsedArguments parseArguments(const QStringList &arguments, const QList<VerbSpec> &verbs)
{
    ParsedArguments parsed;
    Arguments &a = parsed.arguments;
    QList<Token> tokens;
    const QString tokenError = tokenize(arguments, verbs, tokens);

    // The global options first, so that even a usage error knows about --json.
    QStringList words;
    for (const Token &token : std::as_const(tokens)) {
        if (token.name.isEmpty())
            words.append(token.value);
        else if (token.name == JsonOption)
            a.json = true;
        else if (token.name == HelpOption)
            a.help = true;
        else if (token.name == WorkspaceOption && token.value.isEmpty() && tokenError.isEmpty())
            parsed.error = QStringLiteral("%1 needs a folder").arg(WorkspaceOption);
        else if (token.name == WorkspaceOption)
            a.workspace = token.value;
        else if (token.name == FormatOption && token.value.isEmpty() && tokenError.isEmpty())
            parsed.error = QStringLiteral("%1 needs a format file").arg(FormatOption);
        else if (token.name == FormatOption)
            a.formatFile = token.value;
        else
            a.options[token.name].append(token.value);
    }
    if (!tokenError.isEmpty()) {
        parsed.error = tokenError;
        return parsed;
    }
    if (a.help || !parsed.error.isEmpty())
        return parsed;
    if (std::count_if(tokens.cbegin(), tokens.cend(),
                      [](const Token &t) { return t.name == WorkspaceOption; }) > 1) {
        parsed.error = QStringLiteral("%1 may be given only once").arg(WorkspaceOption);
        return parsed;
    }
    if (words.isEmpty()) {
        parsed.error = QStringLiteral("no verb given");
        return parsed;
    }
    const QString verbName = words.takeFirst();
    for (const VerbSpec &verb : verbs) {
        if (verb.name == verbName)
            a.verb = &verb;
    }
    if (!a.verb) {
        parsed.error = QStringLiteral("unknown verb '%1'").arg(verbName);
        return parsed;
    }
    a.positionals = words;
    parsed.error = checkVerb(a);
    return parsed;
}

QString usageText(const QList<VerbSpec> &verbs)
{
    QString text = QStringLiteral(
        "Usage: quirectl [--workspace DIR] [--format FILE] [--json] VERB ...\n"
        "\n"
        "ALBUM is an album folder or an album UUID known in the workspace.\n"
        "\n"
        "Verbs:\n");
    for (const VerbSpec &verb : verbs) {
        const QString line = verb.synopsis.isEmpty() ? verb.name : verb.name + QLatin1Char(' ') + verb.synopsis;
        text += QStringLiteral("  %1\n      %2\n").arg(line, verb.summary);
    }
    text += QStringLiteral(
        "\n"
        "Options:\n"
        "  --workspace DIR  where the catalog of known albums lives\n"
        "                   (default: $QUIRE_WORKSPACE, else the user's data folder)\n"
        "  --format FILE    tenants of another program's format instead of albums: a JSON\n"
        "                   file with application_id, database, migrations and kind\n"
        "  --json           print exactly one JSON document on stdout\n"
        "  --help           print this text\n"
        "\n"
        "Exit status: 0 success, 1 the operation failed, 2 usage error.\n");
    return text;
}

} // namespace quirectl
