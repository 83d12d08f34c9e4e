#include "quire/ui/prompts.h"

#include <QFileDialog>
#include <QInputDialog>
#include <QMessageBox>

namespace quire::ui {

QString Prompts::folder(QWidget *parent, const QString &title, const QString &start)
{
    return QFileDialog::getExistingDirectory(parent, title, start);
}

std::optional<QString> Prompts::text(QWidget *parent, const QString &title, const QString &label,
                                     const QString &initial)
{
    bool ok = false;
    const QString answer = QInputDialog::getText(parent, title, label, QLineEdit::Normal, initial, &ok);
    if (!ok)
        return std::nullopt;
    return answer;
}

bool Prompts::confirm(QWidget *parent, const QString &title, const QString &question)
{
    return QMessageBox::question(parent, title, question, QMessageBox::Yes | QMessageBox::No, QMessageBox::No)
           == QMessageBox::Yes;
}

} // namespace quire::ui
