#pragma once
// FilterBar: the row above the album grid that narrows and orders it, as
// Lightroom's library filter does: a minimum rating, a colour label, a pick
// state, photos or videos, and the order (name, date either way, rating).
// Each choice emits filterChanged at once; the grid reads the album again
// with it. The same rating, label and pick also narrow a search.

#include <quire/picture.h>

#include <QWidget>

class QComboBox;

namespace quire::ui {

class FilterBar : public QWidget
{
    Q_OBJECT
public:
    explicit FilterBar(QWidget *parent = nullptr);

    // The choices as a filter (no limit or offset).
    PictureFilter filter() const;

Q_SIGNALS:
    void filterChanged(const quire::PictureFilter &filter);

private:
    QComboBox *addChoice(const char *name, const QString &label);

    QComboBox *m_rating = nullptr;
    QComboBox *m_label = nullptr;
    QComboBox *m_pick = nullptr;
    QComboBox *m_kind = nullptr;
    QComboBox *m_order = nullptr;
};

} // namespace quire::ui
