#pragma once

// An editor's fields must not reach it once it is being destroyed: a field that
// still has focus when its window closes emits editingFinished while ~QWidget
// deletes it, when the editor is no longer its own class (UBSan: "member access
// within an object of type QWidget"). Each editor's destructor calls this.

#include <QWidget>

namespace asyncscope {

inline void disconnectFieldsFrom(QWidget *editor)
{
    for (QWidget *field : editor->findChildren<QWidget *>())
        field->disconnect(editor);
}

} // namespace asyncscope
