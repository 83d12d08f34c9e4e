#pragma once
// UndoableAction: an entry on the window's undo stack for an action that
// has already been done (a move or copy of pictures, an album rename).
// Pushing it does nothing; undo() calls the function that reverses the
// action (which starts it on a worker) and the entry is then dropped from
// the stack: undoing is not redone.

#include <QUndoCommand>

#include <functional>

namespace quire::ui {

class UndoableAction : public QUndoCommand
{
public:
    UndoableAction(const QString &text, std::function<void()> reverse)
        : QUndoCommand(text), m_reverse(std::move(reverse)) {}

    void redo() override {} // done already, before it was pushed
    void undo() override
    {
        setObsolete(true);
        if (m_reverse)
            m_reverse();
    }

private:
    std::function<void()> m_reverse;
};

} // namespace quire::ui
