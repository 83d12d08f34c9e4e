#pragma once
// Prompts: the questions the window asks a person (a folder, a name, a
// yes/no). The window asks through this interface so that tests can answer
// instead of a person: the default opens the usual modal dialogs.

#include <QString>

#include <optional>

class QWidget;

namespace quire::ui {

class Prompts
{
public:
    virtual ~Prompts() = default;
    // A folder, or empty when the person cancelled.
    virtual QString folder(QWidget *parent, const QString &title, const QString &start);
    // A line of text, or nothing when cancelled.
    virtual std::optional<QString> text(QWidget *parent, const QString &title, const QString &label,
                                        const QString &initial);
    virtual bool confirm(QWidget *parent, const QString &title, const QString &question);
};

} // namespace quire::ui
