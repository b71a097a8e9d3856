#include "export_dialog.h"

#include "picture_scenario.h"

#include "image_exporter.h"

#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace asyncscope {

ExportDialog::ExportDialog(const RunTrace &trace, QWidget *parent)
    : QDialog(parent), m_trace(trace)
{
    setWindowTitle(tr("Export Image"));

    m_preview = new QLabel(this);
    m_preview->setMinimumSize(560, 340);
    m_preview->setAlignment(Qt::AlignCenter);
    m_preview->setFrameShape(QFrame::StyledPanel);

    m_format = new QComboBox(this);
    m_format->addItem(tr("PNG image"), int(ExportFormat::Png));
    m_format->addItem(tr("SVG vector drawing"), int(ExportFormat::Svg));
    m_format->addItem(tr("PDF document (A4 landscape)"), int(ExportFormat::Pdf));

    m_plans = new QListWidget(this);
    m_plans->setMaximumHeight(110);
    for (const PlanTrace &plan : m_trace.plans) {
        auto *item = new QListWidgetItem(plan.name, m_plans);
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        item->setCheckState(Qt::Checked);
    }

    m_width = new QSpinBox(this);
    m_width->setRange(kMinExportWidth, kMaxExportWidth);
    m_width->setSingleStep(100);
    m_width->setSuffix(tr(" px"));
    m_width->setValue(1600);

    m_scale = new QComboBox(this);
    m_scale->addItem(QStringLiteral("1×"), 1);
    m_scale->addItem(tr("2× (retina, slides)"), 2);
    m_scale->addItem(QStringLiteral("3×"), 3);

    m_theme = new QComboBox(this);
    m_theme->addItem(tr("Light"), QStringLiteral("light"));
    m_theme->addItem(tr("Dark"), QStringLiteral("dark"));
    m_theme->addItem(tr("Print (black and white)"), QStringLiteral("print"));

    m_atEnabled = new QCheckBox(tr("State at"), this);
    m_at = new QDoubleSpinBox(this);
    m_at->setRange(0, 1e9);
    m_at->setDecimals(1);
    m_at->setSuffix(tr(" ms"));
    m_at->setEnabled(false);
    auto *atRow = new QHBoxLayout;
    atRow->addWidget(m_atEnabled);
    atRow->addWidget(m_at, 1);

    m_includeBaseline = new QCheckBox(tr("Include the baseline (faint outlines, each plan's difference)"), this);
    m_includeBaseline->setVisible(false);

    m_title = new QLineEdit(this);
    m_title->setPlaceholderText(m_trace.scenario);
    m_sizeLabel = new QLabel(this);

    auto *form = new QFormLayout;
    form->addRow(tr("Format:"), m_format);
    form->addRow(tr("Plans:"), m_plans);
    form->addRow(tr("Width:"), m_width);
    form->addRow(tr("Scale:"), m_scale);
    form->addRow(tr("Theme:"), m_theme);
    form->addRow(tr("Time:"), atRow);
    form->addRow(tr("Title:"), m_title);
    form->addRow(QString(), m_includeBaseline);
    form->addRow(QString(), m_sizeLabel);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Close, this);
    QPushButton *copy = buttons->addButton(tr("Copy image to clipboard"), QDialogButtonBox::ActionRole);
    connect(buttons, &QDialogButtonBox::accepted, this, &ExportDialog::save);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(copy, &QPushButton::clicked, this, &ExportDialog::copyToClipboard);

    auto *top = new QHBoxLayout;
    top->addWidget(m_preview, 1);
    top->addLayout(form);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top, 1);
    layout->addWidget(buttons);

    const auto refresh = [this] { updatePreview(); };
    connect(m_format, &QComboBox::currentIndexChanged, this, [this] {
        m_scale->setEnabled(ExportFormat(m_format->currentData().toInt()) == ExportFormat::Png);
    });
    connect(m_plans, &QListWidget::itemChanged, this, refresh);
    connect(m_width, &QSpinBox::valueChanged, this, refresh);
    connect(m_scale, &QComboBox::currentIndexChanged, this, refresh);
    connect(m_theme, &QComboBox::currentIndexChanged, this, refresh);
    connect(m_atEnabled, &QCheckBox::toggled, m_at, &QWidget::setEnabled);
    connect(m_atEnabled, &QCheckBox::toggled, this, refresh);
    connect(m_at, &QDoubleSpinBox::valueChanged, this, refresh);
    connect(m_title, &QLineEdit::textChanged, this, refresh);
    connect(m_includeBaseline, &QCheckBox::toggled, this, refresh);
    updatePreview();
}

void ExportDialog::setOptions(const ExportOptions &options)
{
    m_format->setCurrentIndex(m_format->findData(int(options.format)));
    for (int i = 0; i < m_plans->count(); ++i) {
        QListWidgetItem *item = m_plans->item(i);
        item->setCheckState(options.plans.isEmpty() || options.plans.contains(item->text()) ? Qt::Checked : Qt::Unchecked);
    }
    m_width->setValue(options.width);
    m_scale->setCurrentIndex(m_scale->findData(options.scale));
    m_theme->setCurrentIndex(std::max(0, m_theme->findData(options.theme.name)));
    m_atEnabled->setChecked(options.atMs.has_value());
    m_at->setValue(options.atMs.value_or(0));
    m_title->setText(options.title);
    m_baseline = options.baseline;
    m_includeBaseline->setVisible(m_baseline != nullptr);
    m_includeBaseline->setChecked(m_baseline != nullptr);
    updatePreview();
}

ExportOptions ExportDialog::options() const
{
    ExportOptions o;
    o.format = ExportFormat(m_format->currentData().toInt());
    QStringList plans;
    for (int i = 0; i < m_plans->count(); ++i) {
        if (m_plans->item(i)->checkState() == Qt::Checked)
            plans.append(m_plans->item(i)->text());
    }
    if (plans.size() != m_plans->count())
        o.plans = plans;
    o.width = m_width->value();
    o.scale = m_scale->currentData().toInt();
    o.theme = Theme::byName(m_theme->currentData().toString()).value_or(Theme::light());
    if (m_atEnabled->isChecked())
        o.atMs = m_at->value();
    o.title = m_title->text();
    if (m_includeBaseline->isChecked())
        o.baseline = m_baseline;
    if (m_scenario) {
        PictureView view;
        view.seed = m_seed;
        view.plans = o.plans;
        view.atMs = o.atMs;
        view.theme = o.theme.name;
        view.width = o.width;
        view.scale = o.scale;
        view.title = o.title;
        o.embeddedEnvelope = pictureEnvelope(*m_scenario, view);
    }
    return o;
}

void ExportDialog::setEmbeddedScenario(const Scenario &scenario, quint64 seed)
{
    m_scenario = scenario;
    m_seed = seed;
}

void ExportDialog::setSuggestedFileName(const QString &baseName)
{
    if (!baseName.isEmpty())
        m_suggestedName = baseName;
}

void ExportDialog::updatePreview()
{
    ExportOptions o = options();
    o.format = ExportFormat::Png;
    QString error;
    const RunTrace selected = ImageExporter::selectPlans(m_trace, o.plans, &error);
    const QSize logical = ImageExporter::logicalSize(selected, o);
    m_sizeLabel->setText(tr("%1 × %2 px").arg(logical.width() * o.scale).arg(logical.height() * o.scale));
    o.scale = 1;
    QImage image = ImageExporter::renderImage(selected, o);
    const QSize room = m_preview->contentsRect().size() - QSize(8, 8);
    m_preview->setPixmap(QPixmap::fromImage(image.scaled(room, Qt::KeepAspectRatio, Qt::SmoothTransformation)));
}

QString ExportDialog::saveTo(const QString &path)
{
    ExportOptions o = options();
    if (const auto format = exportFormatForPath(path))
        o.format = *format;
    QString error;
    const RunTrace selected = ImageExporter::selectPlans(m_trace, o.plans, &error);
    if (!error.isEmpty())
        return error;
    error = ImageExporter::exportToFile(selected, o, path);
    if (error.isEmpty())
        m_lastSavedPath = path;
    return error;
}

void ExportDialog::save()
{
    const ExportOptions o = options();
    const QString suffix = exportFormatSuffix(o.format);
    const QString filter = o.format == ExportFormat::Png ? tr("PNG images (*.png)")
                           : o.format == ExportFormat::Svg ? tr("SVG drawings (*.svg)")
                                                           : tr("PDF documents (*.pdf)");
    QString path = QFileDialog::getSaveFileName(this, tr("Export Image"), m_suggestedName + QLatin1Char('.') + suffix, filter);
    if (path.isEmpty())
        return;
    if (!exportFormatForPath(path))
        path += QLatin1Char('.') + suffix;
    const QString error = saveTo(path);
    if (!error.isEmpty()) {
        QMessageBox::warning(this, tr("Export Image"), error);
        return;
    }
    accept();
}

void ExportDialog::copyToClipboard()
{
    ExportOptions o = options();
    QString error;
    const RunTrace selected = ImageExporter::selectPlans(m_trace, o.plans, &error);
    QGuiApplication::clipboard()->setMimeData(ImageExporter::clipboardData(selected, o));
}

} // namespace asyncscope
