using System.Globalization;
using Crm.Kernel;
using Crm.Kernel.Identity;
using Crm.Sales.Contracts;
using Crm.Sales.Features.Pipeline.MoveStage;
using Crm.Ui.Feedback;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Crm.Sales.Features.Pipeline;

/// <summary>
/// The kanban board: a column per active stage with count and totals (aggregated in SQL), cards that move between
/// stages by drag and drop. Dropping on a Won or Lost stage asks for the reason; Cancel puts the card back.
/// </summary>
public partial class PipelineBoardPage
{
    private IReadOnlyList<BoardColumn>? columns;
    private List<Card> cards = [];
    private IReadOnlyList<UserName> owners = [];
    private string? ownerId;
    private bool isManager;

    // A new generation re-creates the drop container, so it shows the cards exactly as loaded (after a move or a cancel).
    private int generation;

    [Inject]
    private OpportunityQueries Queries { get; set; } = default!;

    [Inject]
    private MoveStageHandler MoveStage { get; set; } = default!;

    [Inject]
    private UserDirectory Users { get; set; } = default!;

    [Inject]
    private ICurrentUser CurrentUser { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        isManager = PipelineAccess.IsManagerOrAdmin(CurrentUser);
        if (isManager)
        {
            owners = await Users.InRoleAsync(CrmRoles.SalesRep);
        }

        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        columns = await Queries.BoardAsync(ownerId);
        cards = [.. columns.SelectMany(c => c.Cards.Select(item => new Card(item, c.Stage.Id.ToString(CultureInfo.InvariantCulture))))];
        generation++;
    }

    private async Task OwnerChangedAsync(string? value)
    {
        ownerId = value;
        await LoadAsync();
    }

    private async Task DroppedAsync(MudItemDropInfo<Card> drop)
    {
        var card = drop.Item;
        if (card is null || drop.DropzoneIdentifier == card.Zone)
        {
            return;
        }

        var stage = columns!.First(c => c.Stage.Id.ToString(CultureInfo.InvariantCulture) == drop.DropzoneIdentifier).Stage;
        string? reason = null;
        if (stage.Kind != StageKind.Open)
        {
            var dialog = await Dialogs.ShowAsync<ReasonDialog>(stage.Kind == StageKind.Won ? "Won: why?" : "Lost: why?",
                new DialogParameters<ReasonDialog>
                {
                    { d => d.Prompt, $"Why was \"{card.Item.Name}\" {(stage.Kind == StageKind.Won ? "won" : "lost")}?" },
                    { d => d.OkText, $"Move to {stage.Name}" },
                },
                new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
            if (await dialog.Result is not { Canceled: false, Data: string given })
            {
                // The card goes back where it was.
                generation++;
                return;
            }

            reason = given;
        }

        await Snackbar.RunAsync(() => MoveStage.MoveAsync(card.Item.Id, new MoveStageInput(stage.Id, reason), card.Item.Version),
            $"{card.Item.Name} moved to {stage.Name}.");
        await LoadAsync();
    }

    private static Color KindColor(StageKind kind) => kind switch
    {
        StageKind.Won => Color.Success,
        StageKind.Lost => Color.Error,
        _ => Color.Default,
    };

    /// <summary>A card on the board and the zone (stage id) it sits in.</summary>
    internal sealed class Card(OpportunityListItem item, string zone)
    {
        public OpportunityListItem Item { get; } = item;

        public string Zone { get; set; } = zone;
    }
}
