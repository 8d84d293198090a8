using Crm.Kernel;
using Crm.Kernel.Randomness;
using Crm.Service.Contracts;
using Crm.Service.Domain.Cases;
using Crm.Service.Domain.Queues;
using Crm.Service.Domain.Routing;
using Crm.Service.Domain.Sla;

namespace Crm.Service.Features.Generate;

/// <summary>
/// Plays a customer's cases through the domain, in time order, as agents would have worked them: opened on a channel,
/// routed by the assignment rules and <see cref="CaseRouter"/> (the agent who served the customer last is preferred),
/// taken by an agent, answered (sooner for urgent cases, later at night), put on hold while the customer or a third party
/// is asked, resolved and closed. After every step the SLA of the case's policy is recomputed with <see cref="SlaClock"/>,
/// and before every step the warnings and breaches the sweep would have recorded by then are recorded, at the minute the
/// sweep would have run. Each case stops where its story has reached by now, so recent cases are often still open.
/// </summary>
internal sealed class CaseSimulation(DateTime now, int historyDays, ServiceDesk desk, string systemActor)
{
    private const int MaxSweepsPerStep = 12;

    private Random random = new(0);
    private readonly DateTime now = now;
    private readonly int historyDays = historyDays;
    private readonly ServiceDesk desk = desk;
    private readonly string systemActor = systemActor;

    private static readonly (Channel Channel, double Share)[] ChannelMix =
        [(Channel.Email, 0.45), (Channel.Phone, 0.25), (Channel.Web, 0.15), (Channel.Chat, 0.12), (Channel.Sms, 0.03)];

    private static readonly (CasePriority Priority, double Share)[] PriorityMix =
        [(CasePriority.Low, 0.15), (CasePriority.Normal, 0.6), (CasePriority.High, 0.2), (CasePriority.Urgent, 0.05)];

    /// <summary>Where a case's story stops, by share: a year of history is mostly closed cases.</summary>
    private static readonly (CaseStatus Status, double Share)[] StatusMix =
    [
        (CaseStatus.New, 0.03), (CaseStatus.Open, 0.05), (CaseStatus.PendingCustomer, 0.04), (CaseStatus.PendingThirdParty, 0.03),
        (CaseStatus.Resolved, 0.07), (CaseStatus.Closed, 0.78),
    ];

    /// <summary>
    /// When routing last gave each agent a case. Before the history starts, one minute apart in the staff's name order, so
    /// round robin's first turns follow names rather than user ids (which differ between databases).
    /// </summary>
    private readonly Dictionary<string, DateTime> lastAssigned = desk.Staff.Agents.Concat(desk.Staff.Managers)
        .Select((u, i) => (u.Id, At: now.AddDays(-historyDays - 1).AddMinutes(i)))
        .ToDictionary(x => x.Id, x => new DateTime(x.At.Ticks - (x.At.Ticks % TimeSpan.TicksPerMinute), DateTimeKind.Utc), StringComparer.Ordinal);
    private readonly Dictionary<long, Domain.Sla.SlaPolicy> clockPolicies = [];

    public int Warnings { get; private set; }

    public int Breaches { get; private set; }

    /// <summary>
    /// The customer's cases, in the order they were opened: <paramref name="count"/> of them, played with the customer's
    /// own <paramref name="customerRandom"/> (so one customer's story never shifts another's).
    /// </summary>
    public IEnumerable<ServiceCase> CasesOf(long customerId, int count, Random customerRandom)
    {
        random = customerRandom;
        var plans = Enumerable.Range(0, count).Select(_ => Plan()).OrderBy(p => p.OpenedAtUtc).ToList();
        (string AgentId, DateTime AtUtc)? lastServed = null;
        foreach (var plan in plans)
        {
            var played = Play(customerId, plan, lastServed);
            if (played.Thread.LastOrDefault(e => e.Kind == CaseEntryKind.PublicReply) is { } reply)
            {
                lastServed = (reply.AuthorId, reply.AtUtc);
            }

            yield return played;
        }
    }

    private sealed record CasePlan(CaseStatus Goal, DateTime OpenedAtUtc, CaseScripts.Topic Topic, bool Complaint, Channel Channel, CasePriority Priority);

    private CasePlan Plan()
    {
        var goal = Pick(StatusMix);
        // How long ago the case was opened, for the status its story reaches by now.
        var ageHours = goal switch
        {
            CaseStatus.New => 6 * Math.Pow(random.NextDouble(), 2) + 0.05,
            CaseStatus.Open => 1 + (3 * 24 * Math.Pow(random.NextDouble(), 2)),
            CaseStatus.PendingCustomer => 12 + (20 * 24 * Math.Pow(random.NextDouble(), 1.5)),
            CaseStatus.PendingThirdParty => 24 + (30 * 24 * Math.Pow(random.NextDouble(), 1.5)),
            CaseStatus.Resolved => 24 + (7 * 24 * random.NextDouble()),
            _ => (7 * 24) + ((historyDays - 7) * 24 * Math.Pow(random.NextDouble(), 1.3)),
        };
        var opened = now.AddHours(-ageHours);
        if (goal is CaseStatus.Closed or CaseStatus.Resolved && random.NextDouble() < 0.85)
        {
            // Older cases mostly came in during the working day.
            opened = opened.Date.AddHours(8 + (10 * random.NextDouble()));
            if (opened > now.AddHours(-24))
            {
                opened = now.AddHours(-ageHours);
            }
        }

        opened = new DateTime(opened.Ticks - (opened.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
        var complaint = random.NextDouble() < 0.04;
        var topic = complaint ? CaseScripts.Complaint : CaseScripts.Topics[random.Next(CaseScripts.Topics.Length)];
        var priority = complaint ? (random.NextDouble() < 0.5 ? CasePriority.Urgent : CasePriority.High) : Pick(PriorityMix);
        return new CasePlan(goal, opened, topic, complaint, Pick(ChannelMix), priority);
    }

    private ServiceCase Play(long customerId, CasePlan plan, (string AgentId, DateTime AtUtc)? lastServed)
    {
        var topic = plan.Topic;
        var subject = topic.Subjects[random.Next(topic.Subjects.Length)];
        var t = plan.OpenedAtUtc;
        var serviceCase = ServiceCase.Open(customerId, subject, topic.Descriptions[random.Next(topic.Descriptions.Length)], plan.Channel,
            plan.Priority, systemActor, t);
        serviceCase.Category = topic.Category;
        if (plan.Complaint)
        {
            serviceCase.Tags = "complaint";
        }
        else if (random.NextDouble() < 0.15)
        {
            serviceCase.Tags = random.NextDouble() < 0.5 ? "goodwill" : "repeat";
        }

        var queue = Route(serviceCase, lastServed, t);
        var script = new Script(this, serviceCase);
        script.StartSla();

        if (plan.Goal == CaseStatus.New)
        {
            return script.Finish();
        }

        // Taken and answered: quicker for urgent cases, from the next morning for cases that came in at night.
        var agent = serviceCase.OwnerId ?? PickAgent(queue);
        var replyAt = t.AddMinutes(ResponseMinutes(plan.Priority));
        if (!Working(t))
        {
            replyAt = NextMorning(t).AddMinutes(ResponseMinutes(plan.Priority) / 2);
        }

        if (!script.CanAct(replyAt))
        {
            return script.Finish();
        }

        if (serviceCase.OwnerId is null)
        {
            script.Do(replyAt.AddMinutes(-random.Next(1, 15)), at => serviceCase.AssignTo(agent, desk.Names.GetValueOrDefault(agent ?? ""), agent ?? systemActor, at));
        }

        var author = agent ?? systemActor;
        if (random.NextDouble() < 0.3)
        {
            script.Do(replyAt.AddMinutes(-random.Next(0, 3)), at => serviceCase.Note(CaseScripts.Notes[random.Next(CaseScripts.Notes.Length)], author, at));
        }

        script.Do(replyAt, at => serviceCase.Reply(topic.FirstReplies[random.Next(topic.FirstReplies.Length)], author, at));
        t = replyAt;

        // Rounds of questions to the customer (paused while pending), or a third party to wait for.
        var rounds = plan.Goal == CaseStatus.PendingCustomer ? 1 + Skewed(2) : Skewed(2);
        var waitsForThirdParty = plan.Goal == CaseStatus.PendingThirdParty || random.NextDouble() < 0.15;
        for (var round = 0; round < rounds; round++)
        {
            var last = round == rounds - 1;
            t = t.AddMinutes(random.Next(1, 10));
            if (!script.CanAct(t))
            {
                return script.Finish();
            }

            script.Do(t, at => serviceCase.Reply(CaseScripts.AskCustomer[random.Next(CaseScripts.AskCustomer.Length)], author, at));
            script.Do(t, at => serviceCase.ChangeStatus(CaseStatus.PendingCustomer, author, at));
            if (last && plan.Goal == CaseStatus.PendingCustomer)
            {
                return script.Finish();
            }

            t = t.AddMinutes(Math.Min(10 * 24 * 60, 360 * Math.Exp(random.NextNormal() * 1.2)));
            if (!script.CanAct(t))
            {
                return script.Finish();
            }

            script.CustomerWrites(t, CaseScripts.CustomerAnswers[random.Next(CaseScripts.CustomerAnswers.Length)], plan.Channel);
            t = t.AddMinutes(random.Next(2, 40));
            if (!script.CanAct(t))
            {
                return script.Finish();
            }

            script.Do(t, at => serviceCase.ChangeStatus(CaseStatus.Open, author, at));
        }

        if (waitsForThirdParty)
        {
            t = t.AddMinutes(random.Next(5, 90));
            if (!script.CanAct(t))
            {
                return script.Finish();
            }

            script.Do(t, at => serviceCase.Note($"Asked {topic.ThirdParty}; waiting for their answer.", author, at));
            script.Do(t, at => serviceCase.ChangeStatus(CaseStatus.PendingThirdParty, author, at));
            if (plan.Goal == CaseStatus.PendingThirdParty)
            {
                return script.Finish();
            }

            t = t.AddHours(12 + (5 * 24 * Math.Pow(random.NextDouble(), 2)));
            if (!script.CanAct(t))
            {
                return script.Finish();
            }

            script.Do(t, at => serviceCase.Note($"Answer from {topic.ThirdParty} received.", author, at));
            script.Do(t, at => serviceCase.ChangeStatus(CaseStatus.Open, author, at));
        }

        if (plan.Goal == CaseStatus.Open)
        {
            // Still being worked: sometimes the customer has written again and waits for the next answer.
            if (random.NextDouble() < 0.5)
            {
                var again = t.AddMinutes(30 + random.Next(0, 24 * 60));
                if (script.CanAct(again))
                {
                    script.CustomerWrites(again, CaseScripts.CustomerAnswers[random.Next(CaseScripts.CustomerAnswers.Length)], plan.Channel);
                }
            }

            return script.Finish();
        }

        // The solution, and the case closed some days later (or when the customer thanks the agent).
        t = t.AddMinutes(AgentMinutes(plan.Priority));
        if (!script.CanAct(t))
        {
            return script.Finish();
        }

        script.Do(t, at => serviceCase.Reply(topic.Solutions[random.Next(topic.Solutions.Length)], author, at));
        script.Do(t, at => serviceCase.ChangeStatus(CaseStatus.Resolved, author, at));
        if (plan.Goal == CaseStatus.Resolved)
        {
            return script.Finish();
        }

        var thanks = random.NextDouble() < 0.4;
        t = thanks ? t.AddMinutes(60 + random.Next(0, 2 * 24 * 60)) : t.AddDays(2 + (5 * random.NextDouble()));
        if (!script.CanAct(t))
        {
            return script.Finish();
        }

        if (thanks)
        {
            script.CustomerWrites(t, CaseScripts.Thanks[random.Next(CaseScripts.Thanks.Length)], plan.Channel);
            t = t.AddMinutes(random.Next(5, 120));
            if (!script.CanAct(t))
            {
                return script.Finish();
            }

            script.Do(t, at => serviceCase.Reply("Glad we could help! I am closing the case now; just reply if anything else comes up.", author, at));
        }

        script.Do(t, at => serviceCase.ChangeStatus(CaseStatus.Closed, thanks ? author : systemActor, at));
        return script.Finish();
    }

    /// <summary>Queues the new case by the assignment rules and routes it there as the host would (members Available in working hours).</summary>
    private ServiceQueue? Route(ServiceCase serviceCase, (string AgentId, DateTime AtUtc)? lastServed, DateTime at)
    {
        // Generated history comes before any value figures (and must not depend on them to stay the same for a seed):
        // customers count as untiered, so rules by tier (none among the demo rules) do not fire here.
        var queueId = AssignmentRule.QueueFor(desk.Rules,
            new CaseFacts(serviceCase.Subject, serviceCase.Category, serviceCase.Channel, Crm.Analytics.Contracts.CustomerTier.None));
        var queue = queueId is null ? desk.Queues.FirstOrDefault(q => q.IsDefault) : desk.Queues.FirstOrDefault(q => q.Id == queueId);
        if (queue is null)
        {
            return null;
        }

        var presence = Working(at) ? AgentPresence.Available : AgentPresence.Offline;
        RoutingCandidate Candidate(string id) => new(id, desk.Names.GetValueOrDefault(id) ?? id, presence, OpenCases: 0,
            AgentAvailability.DefaultCapacity, lastAssigned.TryGetValue(id, out var assigned) ? assigned : null);
        var last = lastServed is { } served && desk.Names.ContainsKey(served.AgentId) ? new LastService(Candidate(served.AgentId), served.AtUtc) : null;
        var decision = CaseRouter.Route(new RoutingRequest(queue.Strategy, [.. queue.Members.Select(m => Candidate(m.AgentId))], last, [],
            TimeSpan.FromDays(90), at));
        serviceCase.Route(queue.Id, queue.Name, decision, systemActor, at);
        if (decision.AgentId is { } chosen)
        {
            lastAssigned[chosen] = at;
        }

        return queue;
    }

    private string? PickAgent(ServiceQueue? queue)
    {
        if (queue is { Members.Count: > 0 })
        {
            return queue.Members[random.Next(queue.Members.Count)].AgentId;
        }

        var everyone = desk.Staff.Agents.Length > 0 ? desk.Staff.Agents : desk.Staff.Managers;
        return everyone.Length == 0 ? null : everyone[random.Next(everyone.Length)].Id;
    }

    /// <summary>Minutes to the first reply: log-normal around an hour, shorter for urgent and high priority.</summary>
    private double ResponseMinutes(CasePriority priority) => Math.Min(3 * 24 * 60, 45 * Factor(priority) * Math.Exp(random.NextNormal() * 0.9));

    /// <summary>Minutes an agent takes to work out the solution once they have what they need.</summary>
    private double AgentMinutes(CasePriority priority) => Math.Min(5 * 24 * 60, 90 * Factor(priority) * Math.Exp(random.NextNormal()));

    private static double Factor(CasePriority priority) => priority switch
    {
        CasePriority.Urgent => 0.3,
        CasePriority.High => 0.6,
        CasePriority.Low => 1.3,
        _ => 1,
    };

    private static bool Working(DateTime at) => at.Hour is >= 7 and < 19;

    private DateTime NextMorning(DateTime at)
    {
        var day = at.Hour >= 19 ? at.Date.AddDays(1) : at.Date;
        return day.AddHours(8).AddMinutes(random.Next(0, 60));
    }

    /// <summary>0, 1, 2... with falling odds, at most <paramref name="max"/>.</summary>
    private int Skewed(int max)
    {
        var n = 0;
        while (n < max && random.NextDouble() < 0.35)
        {
            n++;
        }

        return n;
    }

    private T Pick<T>((T Value, double Share)[] mix)
    {
        var roll = random.NextDouble();
        foreach (var (value, share) in mix)
        {
            if (roll < share)
            {
                return value;
            }

            roll -= share;
        }

        return mix[^1].Value;
    }

    /// <summary>One case being played: the SLA recomputed after each step, the sweep's crossings recorded before it.</summary>
    private sealed class Script(CaseSimulation simulation, ServiceCase serviceCase)
    {
        private IReadOnlyList<AppliedPolicy> policies = [];

        /// <summary>The instant of the last step whose figures are not computed yet (steps at one instant share one evaluation).</summary>
        private DateTime? pendingAt;

        /// <summary>Applies the first matching active policy from the opening, as a new case gets it, and computes its figures.</summary>
        public void StartSla()
        {
            if (ServiceSlaPolicy.FirstMatch(simulation.desk.Policies, serviceCase.Priority, serviceCase.Category) is { } policy)
            {
                var definition = simulation.desk.Definitions[policy.Id];
                serviceCase.ApplySlaPolicy(policy.Id, definition, serviceCase.OpenedAtUtc);
                if (!simulation.clockPolicies.TryGetValue(policy.Id, out var clockPolicy))
                {
                    clockPolicy = definition.ToPolicy();
                    simulation.clockPolicies[policy.Id] = clockPolicy;
                }

                policies = [new AppliedPolicy(serviceCase.SlaDefinitions[0].FromUtc, clockPolicy)];
            }

            Refresh(serviceCase.OpenedAtUtc, record: false);
        }

        /// <summary>Whether a step at <paramref name="at"/> has happened by now (a minute's margin).</summary>
        public bool CanAct(DateTime at) => at <= simulation.now.AddMinutes(-1);

        /// <summary>A step at <paramref name="at"/> (never before the last entry), after the sweep's crossings up to then.</summary>
        public void Do(DateTime at, Action<DateTime> step)
        {
            at = NotBeforeLast(at);
            Sweep(at);
            step(at);
            pendingAt = at;
        }

        /// <summary>The customer writes again (by mail, the web form...): an entry on the thread; the SLA starts a next-response cycle.</summary>
        public void CustomerWrites(DateTime at, string body, Channel channel)
        {
            at = NotBeforeLast(at);
            Sweep(at);
            serviceCase.Thread.Add(CaseEntry.Write(CaseEntryKind.CustomerMessage, body, channel, simulation.systemActor, at));
            // As ServiceCase.ReceiveMessage does: the customer's answer ends the wait for them.
            if (serviceCase.Status == CaseStatus.PendingCustomer)
            {
                serviceCase.ChangeStatus(CaseStatus.Open, simulation.systemActor, at);
            }

            pendingAt = at;
        }

        /// <summary>The sweep's crossings up to now, then the figures as of now.</summary>
        public ServiceCase Finish()
        {
            Sweep(simulation.now);
            Refresh(simulation.now, record: false);
            pendingAt = null;
            serviceCase.CreatedAtUtc = serviceCase.OpenedAtUtc;
            serviceCase.CreatedBy = simulation.systemActor;
            serviceCase.ModifiedAtUtc = serviceCase.Thread[^1].AtUtc;
            serviceCase.ModifiedBy = serviceCase.Thread[^1].AuthorId;
            var bytes = new byte[16];
            simulation.random.NextBytes(bytes);
            serviceCase.Version = new Guid(bytes);
            return serviceCase;
        }

        /// <summary>
        /// What the sweep (every minute) would have recorded before <paramref name="until"/>: each threshold reached, at the
        /// minute after it, with the case as it stood then.
        /// </summary>
        private void Sweep(DateTime until)
        {
            if (pendingAt is { } last && last < until)
            {
                // The figures after the last step, as its handler stored them: they say when the next threshold comes.
                Refresh(last, record: false);
                pendingAt = null;
            }

            for (var i = 0; i < MaxSweepsPerStep && serviceCase.SlaNextCheckAtUtc is { } next && next <= until; i++)
            {
                var at = Whole(next.AddSeconds(simulation.random.Next(1, 60)));
                var crossings = Refresh(at < until ? at : until, record: true);
                simulation.Warnings += crossings.Count(c => !c.Breach);
                simulation.Breaches += crossings.Count(c => c.Breach);
            }
        }

        private IReadOnlyList<SlaCrossing> Refresh(DateTime at, bool record)
        {
            var history = ServiceCase.SlaHistory(serviceCase.OpenedAtUtc, serviceCase.Thread.Select(e => (e.AtUtc, e.Kind, e.Status)));
            var report = policies.Count == 0 ? null : SlaClock.Evaluate(policies, history, at);
            return serviceCase.UpdateSla(report, at, record);
        }

        private DateTime NotBeforeLast(DateTime at)
        {
            var whole = Whole(at);
            return whole < serviceCase.Thread[^1].AtUtc ? serviceCase.Thread[^1].AtUtc : whole;
        }

        private static DateTime Whole(DateTime at) => new(at.Ticks - (at.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
    }
}
