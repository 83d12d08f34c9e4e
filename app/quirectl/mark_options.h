#pragma once
// The command-line words for a picture's rating, colour label and pick
// state (find filters by them, set sets them). Each reader returns an
// empty string for a good value, else the usage message naming the bad
// one: a typo is an error, never a filter nothing passes or a silent 0.

#include <quire/picture_labels.h>

#include <QString>

namespace quirectl {

QString readRating(const QString &option, const QString &value, int *rating);
QString readLabel(const QString &option, const QString &value, quire::ColourLabel *label);
QString readPick(const QString &option, const QString &value, quire::PickState *pick);

} // namespace quirectl
