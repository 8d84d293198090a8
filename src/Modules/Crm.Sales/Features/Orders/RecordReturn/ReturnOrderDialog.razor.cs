using System.Globalization;
using System.Text.RegularExpressions;
using Crm.Kernel.Errors;
using Crm.Sales.Contracts;
using Crm.Sales.Features.Orders;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Crm.Sales.Features.Orders.RecordReturn;

/// <summary>Records a return against an order: how many of each product came back, at most what is still open.</summary>
public partial class ReturnOrderDialog
{
    private List<Row> rows = [];
    private string? notes;
    private bool saving;
    private string? general;
    private Dictionary<int, string> errorsByRow = [];

    [CascadingParameter]
    private IMudDialogInstance MudDialog { get; set; } = default!;

    [Inject]
    private RecordReturnHandler Handler { get; set; } = default!;

    [Inject]
    private OrderQueries Queries { get; set; } = default!;

    [Parameter, EditorRequired]
    public OrderDto Order { get; set; } = default!;

    private decimal Refund => rows.Sum(r => r.Quantity <= 0 ? 0 : r.Quantity * (r.Bought == 0 ? 0 : r.NetAmount / r.Bought));

    protected override async Task OnInitializedAsync()
    {
        var returned = new Dictionary<string, decimal>(StringComparer.OrdinalIgnoreCase);
        foreach (var r in Order.Returns.Where(r => r.Kind == OrderKind.Return))
        {
            foreach (var line in (await Queries.GetAsync(r.Id)).Lines)
            {
                returned[line.ProductCode] = returned.GetValueOrDefault(line.ProductCode) - line.Quantity;
            }
        }

        rows = [.. Order.Lines.Where(l => l.Quantity > 0).GroupBy(l => l.ProductCode, StringComparer.OrdinalIgnoreCase).Select(g => new Row
        {
            Code = g.First().ProductCode,
            Name = g.First().ProductName,
            Bought = g.Sum(l => l.Quantity),
            NetAmount = g.Sum(l => l.Amount),
            Open = g.Sum(l => l.Quantity) - returned.GetValueOrDefault(g.Key),
        })];
    }

    private async Task SaveAsync()
    {
        saving = true;
        general = null;
        try
        {
            var chosen = rows.Where(r => r.Quantity > 0).ToList();
            var result = await Handler.ReturnAsync(Order.Id, new ReturnInput
            {
                Notes = notes,
                Lines = [.. chosen.Select(r => new ReturnLineInput(r.Code, r.Quantity))],
            });
            errorsByRow = [];
            foreach (var error in result.Validation.Errors)
            {
                var match = Regex.Match(error.Field, @"^lines\[(\d+)\]");
                if (match.Success && int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) is var i && i < chosen.Count)
                {
                    errorsByRow[rows.IndexOf(chosen[i])] = error.Message;
                }
                else
                {
                    general = error.Message;
                }
            }

            if (result.Succeeded)
            {
                MudDialog.Close(DialogResult.Ok(result.Value));
            }
        }
        catch (ConflictException ex)
        {
            general = ex.Message;
        }
        catch (ForbiddenException ex)
        {
            general = ex.Message;
        }
        finally
        {
            saving = false;
        }
    }

    private sealed class Row
    {
        public string Code { get; init; } = "";

        public string Name { get; init; } = "";

        public decimal Bought { get; init; }

        public decimal NetAmount { get; init; }

        public decimal Open { get; init; }

        public decimal Quantity { get; set; }
    }
}
