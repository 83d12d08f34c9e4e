#include "quire/ui/filterbar.h"

#include <quire/picture_labels.h>

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>

namespace quire::ui {

FilterBar::FilterBar(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 2, 4, 2);
    setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Fixed);

    m_rating = addChoice("ratingFilter", tr("Rating"));
    m_rating->addItem(tr("Any"), -1);
    for (int stars = 1; stars <= 5; ++stars)
        m_rating->addItem(tr("%1 or more").arg(QString(stars, QChar(0x2605))), stars);

    m_label = addChoice("labelFilter", tr("Label"));
    m_label->addItem(tr("Any"), -1);
    for (ColourLabel label : {ColourLabel::Red, ColourLabel::Yellow, ColourLabel::Green, ColourLabel::Blue,
                              ColourLabel::Purple, ColourLabel::None}) {
        QString name = colourLabelName(label);
        name[0] = name[0].toUpper();
        m_label->addItem(label == ColourLabel::None ? tr("No label") : name, int(label));
    }

    m_pick = addChoice("pickFilter", tr("Pick"));
    m_pick->addItem(tr("Any"), -1);
    m_pick->addItem(tr("Picked"), int(PickState::Picked));
    m_pick->addItem(tr("Rejected"), int(PickState::Rejected));
    m_pick->addItem(tr("Unflagged"), int(PickState::None));

    m_kind = addChoice("kindFilter", tr("Show"));
    m_kind->addItem(tr("All"), -1);
    m_kind->addItem(tr("Photos"), int(PictureKind::Photo));
    m_kind->addItem(tr("Videos"), int(PictureKind::Video));

    m_order = addChoice("sortOrder", tr("Sort by"));
    m_order->addItem(tr("Name"), int(PictureFilter::Order::Path));
    m_order->addItem(tr("Date, oldest first"), int(PictureFilter::Order::TakenAscending));
    m_order->addItem(tr("Date, newest first"), int(PictureFilter::Order::TakenDescending));
    m_order->addItem(tr("Rating"), int(PictureFilter::Order::RatingDescending));
    layout->addStretch(1);
    // Only now: filling a box moves its current item.
    for (QComboBox *box : {m_rating, m_label, m_pick, m_kind, m_order})
        connect(box, &QComboBox::currentIndexChanged, this, [this] { Q_EMIT filterChanged(filter()); });
}

QComboBox *FilterBar::addChoice(const char *name, const QString &label)
{
    auto *box = new QComboBox;
    box->setObjectName(QLatin1String(name));
    // Narrow windows squeeze the choices (their text elided), never widen
    // the window for the bar.
    box->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    box->setMinimumContentsLength(4);
    box->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
    auto *caption = new QLabel(label);
    caption->setBuddy(box);
    layout()->addWidget(caption);
    layout()->addWidget(box);
    return box;
}

PictureFilter FilterBar::filter() const
{
    PictureFilter filter;
    if (const int stars = m_rating->currentData().toInt(); stars > 0)
        filter.minRating = stars;
    if (const int label = m_label->currentData().toInt(); label >= 0)
        filter.colourLabel = ColourLabel(label);
    if (const int pick = m_pick->currentData().toInt(); pick >= 0)
        filter.pick = PickState(pick);
    if (const int kind = m_kind->currentData().toInt(); kind >= 0)
        filter.kind = PictureKind(kind);
    filter.order = PictureFilter::Order(m_order->currentData().toInt());
    return filter;
}

} // namespace quire::ui
