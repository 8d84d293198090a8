using System.Globalization;
using Crm.Kernel.Files;
using Crm.Sales.Contracts;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Crm.Sales.Features.Import;

/// <summary>
/// Upload a transaction file (streamed to a temporary file), import it with a progress bar and a cancel button, then read
/// the summary and the skipped rows with their reasons. The import runs off the circuit's thread so the page stays live.
/// Uploads are bounded by <see cref="OrderImportLimits.MaxUploadBytes"/> and kept in this process's upload folder
/// (<see cref="UploadFolder"/>); any failure of an import is shown on the page, which stays usable.
/// </summary>
public partial class OrderImportPage
{
    private OrderImportFormat format = OrderImportFormat.Csv;
    private string? tempFile;
    private string? fileName;
    private long fileSize;
    private string? error;
    private string? notice;
    private bool uploading;
    private bool importing;
    private OrderImportProgress progress = new(0, 0, 0);
    private OrderImportSummary? summary;
    private CancellationTokenSource? cancellation;
    private bool replaceConflicting;

    [Inject]
    private IOrderImporter Importer { get; set; } = default!;

    [Inject]
    private IOptions<OrderImportLimits> Limits { get; set; } = default!;

    [Inject]
    private UploadFolder Uploads { get; set; } = default!;

    [Inject]
    private ILogger<OrderImportPage> Logger { get; set; } = default!;

    private long MaxFileBytes => Limits.Value.MaxUploadBytes;

    private double Percent => summary is not null ? 100 : progress.TotalRows == 0 ? 0 : 100.0 * progress.RowsRead / progress.TotalRows;

    private async Task FileChosenAsync(InputFileChangeEventArgs args)
    {
        DeleteTempFile();
        (error, notice, summary, fileName) = (null, null, null, null);
        var file = args.File;
        if (file.Size > MaxFileBytes)
        {
            error = string.Create(CultureInfo.CurrentCulture,
                $"The file has {SizeText(file.Size)}; the limit here is {SizeText(MaxFileBytes)} (Import:MaxUploadBytes). Import it with the command line: crm import orders.");
            return;
        }

        uploading = true;
        tempFile = Uploads.NewPath();
        try
        {
            await using (var target = File.Create(tempFile))
            {
                await file.OpenReadStream(MaxFileBytes).CopyToAsync(target);
            }

            fileName = file.Name;
            fileSize = file.Size;
            format = Guess(file.Name) ?? format;
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or OperationCanceledException)
        {
            // The browser's stream ends early (a lost connection) or outgrows the size it announced.
            error = $"The upload failed: {ex.Message}";
            DeleteTempFile();
        }
        finally
        {
            uploading = false;
        }
    }

    private async Task ImportAsync()
    {
        if (tempFile is null)
        {
            return;
        }

        (error, notice, summary) = (null, null, null);
        importing = true;
        progress = new OrderImportProgress(0, 0, 0);
        cancellation = new CancellationTokenSource();
        var token = cancellation.Token;
        var reporter = new CircuitProgress(p =>
        {
            progress = p;
            _ = InvokeAsync(StateHasChanged);
        });
        var path = tempFile;
        var settings = new OrderImportSettings { ReplaceConflicting = replaceConflicting };
        var chosen = format;
        try
        {
            summary = await Task.Run(() => Importer.ImportAsync(path, chosen, settings, reporter, token), token);
        }
        catch (OrderImportException ex)
        {
            error = ex.Message;
        }
        catch (OperationCanceledException)
        {
            notice = "Import cancelled. The orders written so far are kept whole; importing the file again skips them and adds the rest.";
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Shown here rather than thrown at the circuit, which would end the page's session.
            LogFailed(Logger, ex, fileName);
            error = $"The import failed: {ex.Message}. The orders written before are whole; importing the file again adds the rest.";
        }
        finally
        {
            importing = false;
        }
    }

    private void Cancel() => cancellation?.Cancel();

    private static OrderImportFormat? Guess(string name)
    {
        var lower = name.ToLowerInvariant();
        return lower.Contains("online_retail", StringComparison.Ordinal) || lower.Contains("online-retail", StringComparison.Ordinal) ? OrderImportFormat.OnlineRetail
            : lower.Contains("cdnow_sample", StringComparison.Ordinal) ? OrderImportFormat.CdnowSample
            : lower.Contains("cdnow", StringComparison.Ordinal) ? OrderImportFormat.Cdnow
            : lower.Contains("groceries", StringComparison.Ordinal) || lower.Contains(".dat", StringComparison.Ordinal) ? OrderImportFormat.Baskets
            : null;
    }

    private static string Describe(OrderImportFormat format) => format switch
    {
        OrderImportFormat.OnlineRetail => "Online Retail (UCI)",
        OrderImportFormat.Cdnow => "CDNOW master log",
        OrderImportFormat.CdnowSample => "CDNOW sample",
        OrderImportFormat.Baskets => "Baskets (one per line)",
        _ => "Order CSV",
    };

    private static string Hint(OrderImportFormat format) => format switch
    {
        OrderImportFormat.OnlineRetail => "Columns InvoiceNo, StockCode, Description, Quantity, InvoiceDate, UnitPrice, CustomerID, Country; one order per invoice, invoices starting with C are cancellations.",
        OrderImportFormat.Cdnow => "A header line, then customer_id yyyymmdd cds dollars separated by spaces; each line is one sale.",
        OrderImportFormat.CdnowSample => "master_id sample_id yyyymmdd cds dollars separated by spaces, no header; the customer is the sample id.",
        OrderImportFormat.Baskets => "One anonymous basket per line, items separated by commas (or by spaces when no line has a comma).",
        _ => "Header order_id, customer_id, order_date, product_code, product_name, quantity, unit_price, and optionally unit_cost and channel; one order per order_id.",
    };

    private static string SizeText(long bytes) => bytes switch
    {
        < 1024 => string.Create(CultureInfo.CurrentCulture, $"{bytes} bytes"),
        < 1024 * 1024 => string.Create(CultureInfo.CurrentCulture, $"{bytes / 1024.0:N1} KB"),
        _ => string.Create(CultureInfo.CurrentCulture, $"{bytes / 1024.0 / 1024.0:N1} MB"),
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
        if (!importing)
        {
            DeleteTempFile();
        }

        return ValueTask.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Order import of {FileName} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, string? fileName);

    /// <summary>Reports straight away (the handler marshals to the circuit with InvokeAsync).</summary>
    private sealed class CircuitProgress(Action<OrderImportProgress> report) : IProgress<OrderImportProgress>
    {
        public void Report(OrderImportProgress value) => report(value);
    }
}
