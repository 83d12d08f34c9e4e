#include "quire/ui/aboutbox.h"

#include <quire/photo_metadata.h>

#include <QCoreApplication>
#include <QMessageBox>

#include <sqlite3.h>

namespace quire::ui {

QString aboutText()
{
    const QString quireVersion = QCoreApplication::applicationVersion().isEmpty()
                                     ? QCoreApplication::translate("quire::ui", "unknown")
                                     : QCoreApplication::applicationVersion();
    return QCoreApplication::translate(
               "quire::ui",
               "<h3>Quire</h3>"
               "<p>Photo albums as plain folders, each with its own SQLite database.</p>"
               "<table cellspacing=\"4\">"
               "<tr><td>Quire</td><td>%1</td></tr>"
               "<tr><td>Qt</td><td>%2</td></tr>"
               "<tr><td>SQLite</td><td>%3</td></tr>"
               "<tr><td>exiv2</td><td>%4</td></tr>"
               "</table>")
        .arg(quireVersion.toHtmlEscaped(), QString::fromLatin1(qVersion()),
             QString::fromLatin1(sqlite3_libversion()), exiv2Version().toHtmlEscaped());
}

void showAbout(QWidget *parent)
{
    auto *box = new QMessageBox(QMessageBox::Information, QCoreApplication::translate("quire::ui", "About Quire"),
                                aboutText(), QMessageBox::Ok, parent);
    box->setObjectName(QStringLiteral("aboutBox"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

} // namespace quire::ui
