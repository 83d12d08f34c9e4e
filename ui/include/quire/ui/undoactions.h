#pragma once
// UndoableAction: an entry on the window's undo stack for an action that
// has already been done (a move or copy of pictures, an album rename, a
// rating). Pushing it does nothing; undo() calls the function that
// reverses the action (which starts it on a worker). An action given an
// `again` function can be redone: redo() after an undo calls it. One
// without is dropped from the stack once undone (a move's pictures may
// since be anywhere: redoing it is not offered).

#include <QUndoCommand>

#include <functional>

namespace quire::ui {

class UndoableAction : public QUndoCommand
{
public:
    UndoableAction(const QString &text, std::function<void()> reverse, std::function<void()> again = {})
        : QUndoCommand(text), m_reverse(std::move(reverse)), m_again(std::move(again)) {}

    void redo() override
    {
        // The first call is the push: the action is done already.
        if (m_pushed && m_again)
            m_again();
        m_pushed = true;
    }
    void undo() override
    {
        if (!m_again)
            setObsolete(true);
        if (m_reverse)
            m_reverse();
    }

private:
    std::function<void()> m_reverse;
    std::function<void()> m_again;
    bool m_pushed = false;
};

} // namespace quire::ui
