#pragma once
// The About box: what Quire is, and the versions of Quire, Qt, SQLite and
// exiv2 it runs on (the ones loaded at run time, not compiled against).

#include <QString>

class QWidget;

namespace quire::ui {

// The versions as an HTML table, for the About box and for tests.
QString aboutText();
// Opens the About box (window-modal, not blocking).
void showAbout(QWidget *parent);

} // namespace quire::ui
