#pragma once

// The "Lesson Editor" dock: a teacher writes the scenario's lesson in the
// window instead of in JSON. The title; the steps (add, duplicate, remove,
// move); for the selected step its text, the plans it shows (none checked =
// all), and its question: none, a multiple choice (prompt, one choice per
// line, the right answer, the explanation) or "predict when this plan
// settles" (prompt, plan, tolerance, explanation). An exercise written in the
// file keeps its starter, solution and conditions; here its prompt and
// explanation are editable (there is no exercise code editor yet).
//
// The editor keeps a draft: the lesson as the fields show it. Every edit
// sends the whole draft to ScenarioDocument::setLesson, one undo step (typing
// in one field merges); a draft that would not load (a blank text, a choice
// listed twice) is refused with the parser's message, shown in red, while the
// document keeps the last valid lesson. An undo or a new file replaces the draft.

#include <QJsonObject>
#include <QStringList>
#include <QWidget>

class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QToolButton;
class QWidget;

namespace asyncscope {

class ScenarioDocument;

class LessonEditor : public QWidget
{
    Q_OBJECT
public:
    // The question kinds in the kind box's order.
    enum QuestionKind { NoQuestion, Choice, Predict, Exercise };

    explicit LessonEditor(ScenarioDocument *document, QWidget *parent = nullptr); // document not owned
    ~LessonEditor() override;

    QJsonObject draft() const { return m_draft; }
    int stepCount() const;
    int currentStep() const { return m_step; }  // -1 without a lesson
    void setCurrentStep(int step);
    QString errorText() const;                  // the last refusal; empty while the draft is the document's

    // Edits, as the buttons make them. Each is one undo step.
    void addStep();                             // after the current step
    void duplicateStep();
    void removeStep();                          // the last step removes the lesson
    void moveStep(int delta);                   // -1 up, +1 down
    void setQuestionKind(QuestionKind kind);

    // The fields, for tests and the window.
    QLineEdit *titleEdit() const { return m_title; }
    QListWidget *stepList() const { return m_steps; }
    QPlainTextEdit *textEdit() const { return m_text; }
    QListWidget *planChecklist() const { return m_plans; }
    QComboBox *kindBox() const { return m_kind; }
    QLineEdit *promptEdit() const { return m_prompt; }
    QPlainTextEdit *choicesEdit() const { return m_choices; }
    QComboBox *answerBox() const { return m_answer; }
    QComboBox *predictPlanBox() const { return m_predictPlan; }
    QDoubleSpinBox *toleranceBox() const { return m_tolerance; }
    QPlainTextEdit *explainEdit() const { return m_explain; }
    QPushButton *playButton() const { return m_play; }

Q_SIGNALS:
    // Play the document's lesson from `step` (the window's lesson mode).
    void playRequested(int step);
    void currentStepChanged(int step);

private:
    QJsonObject stepAt(int step) const;
    QJsonObject question() const;               // the current step's, or empty
    void setStep(int step, const QJsonObject &json);
    void setQuestion(const QJsonObject &json);  // empty: no question
    // Sends the draft; `what` is the undo text, `mergeKey` merges typing.
    bool commit(const QString &what, const QString &mergeKey = {});
    void showError(const QString &message);
    void followDocument();                      // a document signal: take its lesson if it changed
    void takeDocumentLesson();                  // the draft becomes the document's lesson
    void reloadAll();                           // every field from the draft
    void reloadStepList();
    void reloadStep();                          // the current step's fields
    void reloadPlanChoices();
    void reloadAnswers();
    QStringList stepPlanNames() const;          // the plans the current step shows (all when none are named)
    QString stepName(int step) const;           // the list's line: "2 (predict): None of these calls…"
    QToolButton *stepButton(const QString &text, const QString &toolTip, const QString &objectName);

    ScenarioDocument *m_document;
    QJsonObject m_draft;          // the lesson as shown
    QJsonObject m_documentLesson; // the document's lesson when the draft was taken or last sent
    QStringList m_planNames;      // the scenario's, as the checklist lists them
    int m_step = -1;
    bool m_loading = false;       // fields being filled: their signals are not edits

    // Child widgets, owned by this widget (Qt parent).
    QLineEdit *m_title;
    QListWidget *m_steps;
    QLabel *m_empty;
    QWidget *m_stepBox;
    QFormLayout *m_stepForm;      // one form, so every label lines up; rows shown by the question's kind
    QPlainTextEdit *m_text;
    QListWidget *m_plans;
    QComboBox *m_kind;
    QLineEdit *m_prompt;
    QPlainTextEdit *m_choices;
    QComboBox *m_answer;
    QComboBox *m_predictPlan;
    QDoubleSpinBox *m_tolerance;
    QLabel *m_exerciseNote;
    QPlainTextEdit *m_explain;
    QLabel *m_error;
    QPushButton *m_play;
    QToolButton *m_duplicate = nullptr;
    QToolButton *m_remove = nullptr;
    QToolButton *m_up = nullptr;
    QToolButton *m_down = nullptr;
};

} // namespace asyncscope
