#pragma once
// PictureDelegate: paints a thumbnail-grid cell as the style does (the
// thumbnail, the file name, selection) and marks a video on its thumbnail:
// a play badge in the lower left corner and the duration in the lower
// right, both on dark discs so they read on any picture. Videos are the
// rows whose PictureGridModel::KindRole is PictureKind::Video; the
// duration comes from PictureGridModel::DurationRole.
//
// It marks a picture's colour label (ColourLabelRole) with a dot of that
// colour in the upper right corner, and its pick state (PickRole) in the
// upper left: a picked picture gets a white flag, a rejected one is
// dimmed and crossed, so rejects stand back as in Lightroom.

#include <QStyledItemDelegate>

namespace quire::ui {

class PictureDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;

    // Where the play badge goes on a thumbnail drawn in `thumbnail`.
    static QRect playBadgeRect(const QRect &thumbnail);
    // Where the label's dot and the pick's badge go on a thumbnail.
    static QRect labelDotRect(const QRect &thumbnail);
    static QRect pickBadgeRect(const QRect &thumbnail);
    // The colour a label is drawn in (invalid for ColourLabel::None).
    static QColor labelColour(int colourLabel);
    // "0:07", "12:34", "1:02:03": a duration as players show it.
    static QString durationText(qint64 ms);
};

} // namespace quire::ui
