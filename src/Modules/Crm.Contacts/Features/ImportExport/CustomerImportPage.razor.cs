using Crm.Kernel.Errors;
using Crm.Kernel.Files;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;

namespace Crm.Contacts.Features.ImportExport;

/// <summary>Upload a CSV, map its columns, import with a progress bar, read the per-row report.</summary>
public partial class CustomerImportPage
{
    private string? tempFile;
    private string? fileName;
    private string? fileError;
    private string? mappingError;
    private int totalRows;
    private ImportPreview? preview;
    private ImportField[] mapping = [];
    private bool allowDuplicates;
    private bool importing;
    private ImportProgress progress = new(0, 0);
    private ImportReport? report;
    private CancellationTokenSource? cancellation;

    [Inject]
    private UploadFolder Uploads { get; set; } = default!;

    [Inject]
    private CustomerCsvImport Import { get; set; } = default!;

    private double Percent => totalRows == 0 ? 0 : 100.0 * progress.RowsRead / totalRows;

    private async Task FileChosenAsync(InputFileChangeEventArgs args)
    {
        Reset();
        var file = args.File;

        if (file.Size > CustomerCsvImport.MaxFileBytes)
        {
            fileError = $"The file has {file.Size / 1024 / 1024} MB; the limit is {CustomerCsvImport.MaxFileBytes / 1024 / 1024} MB. Split it into smaller files.";
            return;
        }

        // In this process's upload folder: what a crash leaves there is removed at the next start.
        tempFile = Uploads.NewPath();
        await using (var target = File.Create(tempFile))
        {
            await file.OpenReadStream(CustomerCsvImport.MaxFileBytes).CopyToAsync(target);
        }

        fileName = file.Name;
        totalRows = Math.Max(0, File.ReadLines(tempFile).Count(l => l.Length > 0) - 1);
        await using var stream = File.OpenRead(tempFile);
        preview = await Import.PreviewAsync(stream);
        mapping = [.. preview.SuggestedMapping];
        if (preview.Headers.Count == 0)
        {
            fileError = "The file has no header row. The first line must name the columns.";
            preview = null;
        }
    }

    private async Task ImportAsync()
    {
        mappingError = null;
        importing = true;
        cancellation = new CancellationTokenSource();
        var reporter = new Progress<ImportProgress>(p =>
        {
            progress = p;
            _ = InvokeAsync(StateHasChanged);
        });
        try
        {
            await using var stream = File.OpenRead(tempFile!);
            report = await Import.ImportAsync(stream, mapping, allowDuplicates, reporter, cancellation.Token);
        }
        catch (ConflictException ex)
        {
            mappingError = ex.Message;
        }
        catch (OperationCanceledException)
        {
            mappingError = "Import stopped. The rows imported so far are kept; importing the file again skips them.";
        }
        finally
        {
            importing = false;
        }
    }

    private void Cancel() => cancellation?.Cancel();

    private void Reset()
    {
        DeleteTempFile();
        fileName = null;
        fileError = null;
        mappingError = null;
        preview = null;
        report = null;
        progress = new ImportProgress(0, 0);
    }

    private static string Label(ImportField field) => field switch
    {
        ImportField.Ignore => "(ignore)",
        ImportField.ExternalId => "External id",
        ImportField.FirstName => "First name",
        ImportField.LastName => "Last name",
        ImportField.FullName => "Full name",
        ImportField.CompanyName => "Company name",
        ImportField.JobTitle => "Job title",
        ImportField.PostalCode => "Postal code",
        ImportField.Kind => "Type (person/company)",
        _ => field.ToString(),
    };

    private void DeleteTempFile()
    {
        if (tempFile is not null && File.Exists(tempFile))
        {
            File.Delete(tempFile);
        }

        tempFile = null;
    }

    public ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        cancellation?.Cancel();
        cancellation?.Dispose();
        DeleteTempFile();
        return ValueTask.CompletedTask;
    }
}
