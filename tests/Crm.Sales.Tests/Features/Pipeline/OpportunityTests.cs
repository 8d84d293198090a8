using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Crm.Contacts.Contracts;
using Crm.Kernel;
using Crm.Sales.Contracts;
using Crm.Sales.Domain;
using Microsoft.EntityFrameworkCore;
using static Crm.Sales.Tests.Features.Pipeline.PipelineFixture;

namespace Crm.Sales.Tests.Features.Pipeline;

/// <summary>Opportunities over the API: defaults, stage moves, closing with a reason, concurrency, access, board and forecast.</summary>
public sealed class OpportunityTests(PipelineFixture fixture) : IClassFixture<PipelineFixture>
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow);

    [Fact]
    public async Task A_new_opportunity_starts_in_the_first_open_stage_with_its_probability_and_weighted_amount()
    {
        using var rep = await fixture.ClientAsync(Rep);
        var customer = await CreateCustomerAsync(rep, "Buyer");
        var created = await CreateOpportunityAsync(rep, new OpportunityInput
        {
            Name = "Fleet renewal", CustomerId = customer.Id, Amount = 1234.56m, ExpectedCloseDate = Today.AddDays(40),
        });

        var first = await fixture.Host.QueryAsync(db => db.Set<PipelineStage>().Where(s => s.IsActive && s.Kind == StageKind.Open).OrderBy(s => s.Position).FirstAsync());
        Assert.Equal(first.Id, created.StageId);
        Assert.Equal(first.Probability, created.Probability);
        Assert.Equal(decimal.Round(1234.56m * first.Probability / 100m, 4), created.WeightedAmount);
        Assert.Equal(await fixture.UserIdAsync(Rep), created.OwnerId);
        Assert.Equal("Test Buyer", created.CustomerName);
        Assert.Null(created.ClosedAtUtc);
    }

    [Fact]
    public async Task Moving_through_the_stages_updates_probability_and_closing_needs_a_reason()
    {
        using var rep = await fixture.ClientAsync(Rep);
        var customer = await CreateCustomerAsync(rep, "Mover");
        var opportunity = await CreateOpportunityAsync(rep, new OpportunityInput { Name = "Mover deal", CustomerId = customer.Id, Amount = 800m, ExpectedCloseDate = Today.AddDays(10) });
        var stages = await fixture.Host.QueryAsync(db => db.Set<PipelineStage>().Where(s => s.IsActive).OrderBy(s => s.Position).ToListAsync());
        var proposal = stages.First(s => s.Kind == StageKind.Open && s.Id != opportunity.StageId);
        var won = stages.First(s => s.Kind == StageKind.Won);

        using (var moved = await MoveAsync(rep, opportunity.Id, proposal.Id))
        {
            var after = await ReadAsync<OpportunityDetails>(moved);
            Assert.Equal(proposal.Id, after.StageId);
            Assert.Equal(proposal.Probability, after.Probability);
            Assert.Equal(800m * proposal.Probability / 100m, after.WeightedAmount);
        }

        var before = await StateAsync(opportunity.Id);
        using (var noReason = await MoveAsync(rep, opportunity.Id, won.Id))
        {
            Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
            Assert.Contains("\"errors\":{\"reason\"", await noReason.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(before, await StateAsync(opportunity.Id));
        using var closed = await MoveAsync(rep, opportunity.Id, won.Id, "Best price and support");
        var wonDeal = await ReadAsync<OpportunityDetails>(closed);
        Assert.Equal(won.Id, wonDeal.StageId);
        Assert.Equal(100, wonDeal.Probability);
        Assert.Equal(800m, wonDeal.WeightedAmount);
        Assert.Equal("Best price and support", wonDeal.CloseReason);
        Assert.NotNull(wonDeal.ClosedAtUtc);

        using var reopened = await MoveAsync(rep, opportunity.Id, proposal.Id);
        var open = await ReadAsync<OpportunityDetails>(reopened);
        Assert.Null(open.ClosedAtUtc);
        Assert.Null(open.CloseReason);
    }

    [Fact]
    public async Task An_update_needs_If_Match_and_a_stale_one_is_refused_without_changing_anything()
    {
        using var rep = await fixture.ClientAsync(Rep);
        var customer = await CreateCustomerAsync(rep, "Versioned");
        var product = await fixture.Host.QueryAsync(async db =>
        {
            var p = new Product { Code = "P-" + Guid.NewGuid().ToString("N")[..8], Name = "Widget", SearchName = "WIDGET", ListPrice = 25m };
            db.Add(p);
            await db.SaveChangesAsync();
            return p;
        });
        var opportunity = await CreateOpportunityAsync(rep, new OpportunityInput
        {
            Name = "Versioned deal", CustomerId = customer.Id, ExpectedCloseDate = Today.AddDays(5), Products = [new(product.Id, 4m)],
        });
        Assert.Equal(100m, opportunity.Amount);
        Assert.Equal(25m, Assert.Single(opportunity.Products).UnitPrice);
        var input = new OpportunityInput
        {
            Name = "Versioned deal (bigger)", CustomerId = customer.Id, ExpectedCloseDate = Today.AddDays(6), Amount = 5000m, Probability = 40,
            Products = [new(product.Id, 10m, 20m)],
        };

        using var noHeader = await rep.PutAsJsonAsync(new Uri($"/api/v1/opportunities/{opportunity.Id}", UriKind.Relative), input, Json);
        Assert.Equal((HttpStatusCode)428, noHeader.StatusCode);

        using var first = await PutAsync(rep, opportunity.Id, input, opportunity.Version);
        var updated = await ReadAsync<OpportunityDetails>(first);
        Assert.Equal(40, updated.Probability);
        Assert.Equal(2000m, updated.WeightedAmount);
        Assert.Equal(200m, Assert.Single(updated.Products).Amount);

        var before = await StateAsync(opportunity.Id);
        using var stale = await PutAsync(rep, opportunity.Id, input with { Name = "Overwrite" }, opportunity.Version);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal(before, await StateAsync(opportunity.Id));
    }

    [Fact]
    public async Task A_rep_cannot_see_or_change_another_reps_opportunity_and_an_agent_cannot_see_the_pipeline()
    {
        using var owner = await fixture.ClientAsync(Rep);
        using var other = await fixture.ClientAsync(SecondRep);
        using var agent = await fixture.ClientAsync("agent@ecrm.local");
        var customer = await CreateCustomerAsync(owner, "Guarded");
        var opportunity = await CreateOpportunityAsync(owner, new OpportunityInput { Name = "Guarded deal", CustomerId = customer.Id, Amount = 10m, ExpectedCloseDate = Today });
        var stages = await fixture.Host.QueryAsync(db => db.Set<PipelineStage>().Where(s => s.IsActive).ToListAsync());
        var lost = stages.First(s => s.Kind == StageKind.Lost);
        var before = await StateAsync(opportunity.Id);

        using var read = await other.GetAsync(new Uri($"/api/v1/opportunities/{opportunity.Id}", UriKind.Relative));
        using var update = await PutAsync(other, opportunity.Id, new OpportunityInput { Name = "Hijacked", CustomerId = customer.Id, ExpectedCloseDate = Today }, opportunity.Version);
        using var move = await MoveAsync(other, opportunity.Id, lost.Id, "Sabotage");
        using var agentList = await agent.GetAsync(new Uri("/api/v1/opportunities", UriKind.Relative));
        using var agentBoard = await agent.GetAsync(new Uri("/api/v1/opportunities/board", UriKind.Relative));
        using var agentCreate = await agent.PostAsJsonAsync(new Uri("/api/v1/opportunities", UriKind.Relative),
            new OpportunityInput { Name = "Agent deal", CustomerId = customer.Id, ExpectedCloseDate = Today }, Json);

        Assert.All([read, update, move, agentList, agentBoard, agentCreate], r => Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode));
        Assert.Equal(before, await StateAsync(opportunity.Id));
        var theirs = await other.GetFromJsonAsync<PagedResult<OpportunityListItem>>(new Uri("/api/v1/opportunities?pageSize=200", UriKind.Relative), Json);
        Assert.DoesNotContain(theirs!.Items, o => o.Id == opportunity.Id);
        using var manager = await fixture.ClientAsync("manager@ecrm.local");
        using var managerMove = await MoveAsync(manager, opportunity.Id, lost.Id, "Customer chose a competitor");
        Assert.Equal(HttpStatusCode.OK, managerMove.StatusCode);
    }

    [Fact]
    public async Task The_board_counts_and_totals_and_the_forecast_equal_sums_computed_from_the_stored_opportunities()
    {
        using var rep = await fixture.ClientAsync(SecondRep);
        var customer = await CreateCustomerAsync(rep, "Forecast");
        var stages = await fixture.Host.QueryAsync(db => db.Set<PipelineStage>().Where(s => s.IsActive).OrderBy(s => s.Position).ToListAsync());
        var open = stages.Where(s => s.Kind == StageKind.Open).ToList();
        var won = stages.First(s => s.Kind == StageKind.Won);
        var month = new DateOnly(Today.Year, Today.Month, 1);
        var deals = new (decimal Amount, int MonthOffset, int Stage)[] { (1000m, 0, 0), (250.5m, 1, 1), (3333.33m, 1, 2), (99.99m, 2, 3), (700m, 0, 1) };
        foreach (var (amount, offset, stage) in deals)
        {
            await CreateOpportunityAsync(rep, new OpportunityInput
            {
                Name = $"Forecast {amount}", CustomerId = customer.Id, Amount = amount, StageId = open[stage % open.Count].Id,
                ExpectedCloseDate = month.AddMonths(offset).AddDays(3),
            });
        }

        var toWin = await CreateOpportunityAsync(rep, new OpportunityInput { Name = "Won one", CustomerId = customer.Id, Amount = 4200m, ExpectedCloseDate = Today });
        using (var moved = await MoveAsync(rep, toWin.Id, won.Id, "Signed"))
        {
            Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        }

        var repId = await fixture.UserIdAsync(SecondRep);
        var rows = await fixture.Host.QueryAsync(db => db.Set<Opportunity>().AsNoTracking().Where(o => o.OwnerId == repId).ToListAsync());
        var kinds = await fixture.Host.QueryAsync(db => db.Set<PipelineStage>().ToDictionaryAsync(s => s.Id, s => s.Kind));

        // The forecast, computed here in C# from the inputs' stored rows, must equal what the API aggregated in SQL.
        var expected = rows.Where(o => kinds[o.StageId] == StageKind.Open)
            .GroupBy(o => (o.ExpectedCloseDate.Year, o.ExpectedCloseDate.Month))
            .ToDictionary(g => g.Key, g => g.Sum(o => decimal.Round(o.Amount * o.Probability / 100m, 4)));
        var expectedWon = rows.Where(o => kinds[o.StageId] == StageKind.Won)
            .GroupBy(o => (o.ClosedAtUtc!.Value.Year, o.ClosedAtUtc.Value.Month)).ToDictionary(g => g.Key, g => g.Sum(o => o.Amount));
        var forecast = (await rep.GetFromJsonAsync<List<ForecastMonth>>(new Uri("/api/v1/opportunities/forecast", UriKind.Relative), Json))!;
        Assert.Equal(expected.OrderBy(e => e.Key).Select(e => (e.Key.Year, e.Key.Month, e.Value)),
            forecast.Where(f => f.OpenCount > 0).Select(f => (f.Year, f.Month, f.WeightedAmount)));
        Assert.Equal(expectedWon.OrderBy(e => e.Key).Select(e => (e.Key.Year, e.Key.Month, e.Value)),
            forecast.Where(f => f.WonCount > 0).Select(f => (f.Year, f.Month, f.WonAmount)));
        Assert.Equal(4200m, expectedWon.Values.Sum());

        using var manager = await fixture.ClientAsync("manager@ecrm.local");
        var managerView = await manager.GetFromJsonAsync<List<ForecastMonth>>(new Uri($"/api/v1/opportunities/forecast?ownerId={repId}", UriKind.Relative), Json);
        Assert.Equal(forecast, managerView);

        var board = (await rep.GetFromJsonAsync<List<BoardColumn>>(new Uri("/api/v1/opportunities/board", UriKind.Relative), Json))!;
        Assert.Equal(stages.Select(s => s.Id), board.Select(c => c.Stage.Id));
        foreach (var column in board)
        {
            var inStage = rows.Where(o => o.StageId == column.Stage.Id).ToList();
            Assert.Equal(inStage.Count, column.Count);
            Assert.Equal(inStage.Sum(o => o.Amount), column.TotalAmount);
            Assert.Equal(inStage.Count, column.Cards.Count);
        }
    }

    private static async Task<HttpResponseMessage> PutAsync(HttpClient client, long id, OpportunityInput input, Guid version)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri($"/api/v1/opportunities/{id}", UriKind.Relative))
        {
            Content = JsonContent.Create(input, options: Json),
        };
        request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{version:N}\""));
        return await client.SendAsync(request);
    }

    private Task<string> StateAsync(long id) => fixture.Host.QueryAsync(async db =>
    {
        var o = await db.Set<Opportunity>().AsNoTracking().Include(x => x.Products).SingleAsync(x => x.Id == id);
        return JsonSerializer.Serialize(o);
    });
}
