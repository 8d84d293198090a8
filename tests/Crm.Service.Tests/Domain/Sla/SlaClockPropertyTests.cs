using Crm.Service.Contracts;
using Crm.Service.Domain.Calendars;
using Crm.Service.Domain.Sla;
using static Crm.Service.Tests.Domain.TestCalendars;

namespace Crm.Service.Tests.Domain.Sla;

/// <summary>Properties of the clock over seeded random cases on the Berlin calendar with a lunch break and holidays.</summary>
public sealed class SlaClockPropertyTests
{
    private static readonly SlaPolicy Policy = new("Standard",
        BerlinWithLunch(new Holiday(new DateOnly(2026, 4, 3), "Good Friday"), new Holiday(new DateOnly(2020, 12, 25), "Christmas", RecursYearly: true)),
        new SlaTargets(FirstResponseMinutes: 60, NextResponseMinutes: 120, ResolutionMinutes: 1440));

    [Fact]
    public void A_pause_moves_the_resolution_deadline_by_exactly_the_business_time_it_took()
    {
        var random = new Random(17);
        var calendar = Policy.Calendar;
        for (var i = 0; i < 300; i++)
        {
            var created = Utc("2026-01-01T00:00Z").AddMinutes(random.Next(0, 700 * 1440));
            var unpaused = SlaClock.Evaluate(Policy, new CaseHistory(created, []), created).Resolution!.DueAtUtc!.Value;
            var pauseStart = created.AddMinutes(random.Next(0, (int)(unpaused - created).TotalMinutes));
            var pauseEnd = pauseStart.AddMinutes(random.Next(1, 5 * 1440));
            var history = new CaseHistory(created,
                [CaseEvent.StatusChanged(pauseStart, CaseStatus.PendingCustomer), CaseEvent.StatusChanged(pauseEnd, CaseStatus.Open)]);

            var paused = SlaClock.Evaluate(Policy, history, pauseEnd).Resolution!;

            var expected = calendar.AddBusinessTime(unpaused, calendar.BusinessTimeBetween(pauseStart, pauseEnd < unpaused ? pauseEnd : unpaused));
            if (pauseEnd >= unpaused)
            {
                // The pause reached past the old deadline: what was left at its start runs from its end.
                expected = calendar.AddBusinessTime(pauseEnd, TimeSpan.FromMinutes(1440) - calendar.BusinessTimeBetween(created, pauseStart));
            }

            Assert.True(expected == paused.DueAtUtc, $"created {created:O}, paused {pauseStart:O} to {pauseEnd:O}: expected {expected:O}, got {paused.DueAtUtc:O}");
            Assert.Equal(paused.Target, paused.Used + paused.Remaining);
            Assert.True(paused.Used >= TimeSpan.Zero);
            Assert.Equal(calendar.BusinessTimeBetween(created, pauseStart), paused.Used);
        }
    }

    [Fact]
    public void Used_time_never_decreases_as_time_goes_on()
    {
        var random = new Random(18);
        for (var i = 0; i < 50; i++)
        {
            var created = Utc("2026-01-01T00:00Z").AddMinutes(random.Next(0, 700 * 1440));
            var events = new List<CaseEvent>();
            var at = created;
            for (var e = 0; e < 8; e++)
            {
                at = at.AddMinutes(random.Next(1, 600));
                events.Add(random.Next(5) switch
                {
                    0 => CaseEvent.PublicReply(at),
                    1 => CaseEvent.CustomerMessage(at),
                    2 => CaseEvent.InternalNote(at),
                    3 => CaseEvent.StatusChanged(at, (CaseStatus)random.Next(0, 6)),
                    _ => CaseEvent.AutoReply(at),
                });
            }

            var history = new CaseHistory(created, events);
            var previous = TimeSpan.Zero;
            for (var now = created; now <= at.AddDays(2); now = now.AddMinutes(97))
            {
                var used = SlaClock.Evaluate(Policy, history, now).Resolution!.Used;
                Assert.True(used >= previous, $"created {created:O}: at {now:O} used {used} after {previous}");
                previous = used;
            }
        }
    }
}
