#pragma once
// Small helpers for the sentences the window shows.

#include <QCoreApplication>
#include <QString>

namespace quire::ui {

// "1 picture", "3 pictures" (English plurals without a translator loaded).
inline QString counted(qint64 n, const char *one, const char *many)
{
    return QStringLiteral("%1 %2").arg(n).arg(QCoreApplication::translate("quire::ui", n == 1 ? one : many));
}

} // namespace quire::ui
