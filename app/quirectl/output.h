#pragma once
// Output: what quirectl tells the user. Results go to stdout, as text or,
// with --json, as exactly one JSON document; failures go to stderr as one
// line naming the album and the cause.

#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QUuid>

namespace quire {
class Error;
}

namespace quirectl {

enum ExitCode {
    ExitOk = 0,
    ExitFailed = 1, // the operation failed
    ExitUsage = 2,  // the command line was wrong
};

// A UUID as quirectl prints and reads it: without braces.
inline QString uuidText(const QUuid &uuid)
{
    return uuid.toString(QUuid::WithoutBraces);
}

// An error as JSON documents show it: {"code", "album", "message"}, and
// "kind" ("album", "customer") when the error says it.
QJsonObject errorJson(const quire::Error &error);

class Output
{
public:
    explicit Output(bool json) : m_json(json) {}
    ~Output();
    Output(const Output &) = delete;
    Output &operator=(const Output &) = delete;

    bool isJson() const { return m_json; }

    // The verb's result: `json` (an object or an array) in JSON mode, else
    // `text` (printed as given, with a final newline added when missing).
    // Called at most once per run.
    void result(const QJsonValue &json, const QString &text);

    // Prints `error` on stderr as one line. In JSON mode, when no result
    // was printed, stdout gets {"error": {"code", "album", "message"}}.
    // Returns ExitFailed.
    int failed(const quire::Error &error);

    // One failure among several, for a verb that goes on past it (open,
    // migrate): the line on stderr only; the verb's result reports it too.
    void problem(const quire::Error &error);
    // A report's entry about a tenant of this kind ("album"); no tenant
    // named when `tenant` is empty.
    void problem(const QString &kind, const QString &tenant, const QString &message);

    // A usage error: the message and the usage text on stderr (and an error
    // document on stdout in JSON mode). Returns ExitUsage.
    int usageError(const QString &message, const QString &usage);

private:
    void printJson(const QJsonValue &json);

    bool m_json = false;
    bool m_printed = false;
};

} // namespace quirectl
