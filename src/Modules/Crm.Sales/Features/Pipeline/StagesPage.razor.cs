using Crm.Kernel.Errors;
using Crm.Sales.Contracts;
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
    private StageCommands Commands { get; set; } = default!;

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
        RunAsync(() => Commands.UpdateAsync(stage.Id, new PipelineStageInput(Edit(stage).Name ?? "", Edit(stage).Probability, stage.Kind)), $"Stage {Edit(stage).Name} saved.");

    private Task MoveAsync(PipelineStageDto stage, int direction) => RunAsync(async () =>
    {
        await Commands.MoveAsync(stage.Id, direction);
        return OperationResult.Success;
    }, null);

    private async Task SetActiveAsync(PipelineStageDto stage, bool active)
    {
        if (!active && await Dialogs.ShowMessageBoxAsync("Deactivate stage?",
                $"{stage.Name} will leave the board and the stage lists. Opportunities already closed in it keep it.",
                yesText: "Deactivate", cancelText: "Cancel") != true)
        {
            return;
        }

        await RunAsync(() => Commands.SetActiveAsync(stage.Id, active), active ? $"{stage.Name} is active again." : $"{stage.Name} deactivated.");
    }

    private async Task AddAsync()
    {
        await RunAsync(async () => (await Commands.AddAsync(new PipelineStageInput(newName ?? "", newProbability, newKind))).Validation, $"Stage {newName} added.");
        newName = null;
    }

    private async Task RunAsync(Func<Task<OperationResult>> action, string? done)
    {
        try
        {
            var result = await action();
            if (!result.Succeeded)
            {
                Snackbar.Add(result.ToString(), Severity.Warning);
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
