using Crm.Kernel.Errors;
using Crm.Sales.Contracts;
using Crm.Sales.Features.Pipeline.AddStage;
using Crm.Sales.Features.Pipeline.EditStage;
using Crm.Sales.Features.Pipeline.ReorderStage;
using Crm.Sales.Features.Pipeline.SetStageActive;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Crm.Sales.Features.Pipeline;

/// <summary>Admins and Managers rename, reorder, set the default probability of, add and deactivate pipeline stages.</summary>
public partial class StagesPage
{
    private readonly Dictionary<int, StageEdit> edits = [];
    private IReadOnlyList<PipelineStageDto> stages = [];
    private string? newName;
    private StageKind newKind = StageKind.Open;
    private int newProbability = 50;

    [Inject]
    private OpportunityQueries Queries { get; set; } = default!;

    [Inject]
    private AddStageHandler AddStage { get; set; } = default!;

    [Inject]
    private EditStageHandler EditStage { get; set; } = default!;

    [Inject]
    private ReorderStageHandler ReorderStage { get; set; } = default!;

    [Inject]
    private SetStageActiveHandler SetStageActive { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    protected override Task OnInitializedAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        stages = await Queries.StagesAsync(includeInactive: true);
        edits.Clear();
    }

    private StageEdit Edit(PipelineStageDto stage)
    {
        if (!edits.TryGetValue(stage.Id, out var edit))
        {
            edit = new StageEdit { Name = stage.Name, Probability = stage.Probability };
            edits[stage.Id] = edit;
        }

        return edit;
    }

    private bool IsChanged(PipelineStageDto stage) => Edit(stage) is var e && (e.Name != stage.Name || e.Probability != stage.Probability);

    private Task SaveAsync(PipelineStageDto stage) =>
        RunAsync(() => EditStage.UpdateAsync(stage.Id, new PipelineStageInput(Edit(stage).Name ?? "", Edit(stage).Probability, stage.Kind)), $"Stage {Edit(stage).Name} saved.");

    private Task MoveAsync(PipelineStageDto stage, int direction) => RunAsync(() => ReorderStage.MoveAsync(stage.Id, direction), null);

    private async Task SetActiveAsync(PipelineStageDto stage, bool active)
    {
        if (!active && await Dialogs.ShowMessageBoxAsync("Deactivate stage?",
                $"{stage.Name} will leave the board and the stage lists. Opportunities already closed in it keep it.",
                yesText: "Deactivate", cancelText: "Cancel") != true)
        {
            return;
        }

        await RunAsync(() => SetStageActive.SetActiveAsync(stage.Id, active), active ? $"{stage.Name} is active again." : $"{stage.Name} deactivated.");
    }

    private async Task AddAsync()
    {
        await RunAsync(() => AddStage.AddAsync(new PipelineStageInput(newName ?? "", newProbability, newKind)), $"Stage {newName} added.");
        newName = null;
    }

    private async Task RunAsync(Func<Task<CommandResult<int>>> action, string? done)
    {
        try
        {
            var result = await action();
            if (!result.Succeeded)
            {
                Snackbar.Add(result.Problem!, Severity.Warning);
            }
            else if (done is not null)
            {
                Snackbar.Add(done, Severity.Success);
            }
        }
        catch (Exception ex) when (ex is ForbiddenException or NotFoundException)
        {
            Snackbar.Add(ex.Message, Severity.Error);
        }

        await LoadAsync();
    }

    private sealed class StageEdit
    {
        public string? Name { get; set; }

        public int Probability { get; set; }
    }
}
