using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ServiceSlaQueuesKnowledge : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Hand-edited defaults: cases stored before this migration read SlaState None and an empty policy list.
            migrationBuilder.AddColumn<DateTime>(
                name: "FirstResponseDueAtUtc",
                table: "Service_Cases",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "FirstResponseWarningAtUtc",
                table: "Service_Cases",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "NextResponseDueAtUtc",
                table: "Service_Cases",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "NextResponseWarningAtUtc",
                table: "Service_Cases",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PreferredAgentId",
                table: "Service_Cases",
                type: "TEXT",
                maxLength: 450,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "QueueId",
                table: "Service_Cases",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ResolutionDueAtUtc",
                table: "Service_Cases",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ResolutionWarningAtUtc",
                table: "Service_Cases",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "SlaNextCheckAtUtc",
                table: "Service_Cases",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SlaPolicies",
                table: "Service_Cases",
                type: "TEXT",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<long>(
                name: "SlaPolicyId",
                table: "Service_Cases",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SlaPolicyName",
                table: "Service_Cases",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SlaRecorded",
                table: "Service_Cases",
                type: "TEXT",
                maxLength: 500,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "SlaState",
                table: "Service_Cases",
                type: "TEXT",
                maxLength: 10,
                nullable: false,
                defaultValue: "None");

            migrationBuilder.AddColumn<long>(
                name: "ArticleId",
                table: "Service_CaseEntries",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ArticleRevision",
                table: "Service_CaseEntries",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Status",
                table: "Service_CaseEntries",
                type: "TEXT",
                maxLength: 20,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "Service_AgentAvailability",
                columns: table => new
                {
                    AgentId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    Presence = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    ChosenPresence = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    Capacity = table.Column<int>(type: "INTEGER", nullable: false),
                    ChangedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LastAssignedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Service_AgentAvailability", x => x.AgentId);
                });

            migrationBuilder.CreateTable(
                name: "Service_Articles",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Slug = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Body = table.Column<string>(type: "TEXT", maxLength: 50000, nullable: false),
                    Category = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Tags = table.Column<string>(type: "TEXT", maxLength: 410, nullable: false),
                    Visibility = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    PublishedRevision = table.Column<int>(type: "INTEGER", nullable: false),
                    PublishedVisibility = table.Column<string>(type: "TEXT", maxLength: 10, nullable: true),
                    PublishedTitle = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    PublishedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    HasUnpublishedChanges = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ModifiedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ModifiedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Service_Articles", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Service_Calendars",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    TimeZoneId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    IsTwentyFourSeven = table.Column<bool>(type: "INTEGER", nullable: false),
                    Periods = table.Column<string>(type: "TEXT", nullable: false),
                    Holidays = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ModifiedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ModifiedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Service_Calendars", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Service_CustomerAgentPins",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CustomerId = table.Column<long>(type: "INTEGER", nullable: false),
                    AgentId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    Rank = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Service_CustomerAgentPins", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Service_Queues",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Strategy = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    SupervisorId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    IsDefault = table.Column<bool>(type: "INTEGER", nullable: false),
                    IsActive = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ModifiedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ModifiedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Service_Queues", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Service_ArticleRevisions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ArticleId = table.Column<long>(type: "INTEGER", nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Body = table.Column<string>(type: "TEXT", maxLength: 50000, nullable: false),
                    Category = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Tags = table.Column<string>(type: "TEXT", maxLength: 410, nullable: false),
                    Visibility = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    PublishedBy = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    PublishedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Service_ArticleRevisions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Service_ArticleRevisions_Service_Articles_ArticleId",
                        column: x => x.ArticleId,
                        principalTable: "Service_Articles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Service_ArticleWords",
                columns: table => new
                {
                    ArticleId = table.Column<long>(type: "INTEGER", nullable: false),
                    Scope = table.Column<string>(type: "TEXT", unicode: false, maxLength: 1, nullable: false),
                    Word = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Service_ArticleWords", x => new { x.Scope, x.Word, x.ArticleId });
                    table.ForeignKey(
                        name: "FK_Service_ArticleWords_Service_Articles_ArticleId",
                        column: x => x.ArticleId,
                        principalTable: "Service_Articles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Service_SlaPolicies",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    IsActive = table.Column<bool>(type: "INTEGER", nullable: false),
                    Priority = table.Column<string>(type: "TEXT", maxLength: 10, nullable: true),
                    Category = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    CalendarId = table.Column<long>(type: "INTEGER", nullable: false),
                    FirstResponseMinutes = table.Column<int>(type: "INTEGER", nullable: true),
                    NextResponseMinutes = table.Column<int>(type: "INTEGER", nullable: true),
                    ResolutionMinutes = table.Column<int>(type: "INTEGER", nullable: true),
                    WarningPercent = table.Column<int>(type: "INTEGER", nullable: false),
                    PauseWhenPendingCustomer = table.Column<bool>(type: "INTEGER", nullable: false),
                    PauseWhenPendingThirdParty = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ModifiedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ModifiedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Service_SlaPolicies", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Service_SlaPolicies_Service_Calendars_CalendarId",
                        column: x => x.CalendarId,
                        principalTable: "Service_Calendars",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Service_QueueMembers",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    QueueId = table.Column<long>(type: "INTEGER", nullable: false),
                    AgentId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Service_QueueMembers", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Service_QueueMembers_Service_Queues_QueueId",
                        column: x => x.QueueId,
                        principalTable: "Service_Queues",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Service_QueueRules",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    QueueId = table.Column<long>(type: "INTEGER", nullable: false),
                    Category = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Keywords = table.Column<string>(type: "TEXT", maxLength: 1020, nullable: false),
                    Channel = table.Column<string>(type: "TEXT", maxLength: 12, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Service_QueueRules", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Service_QueueRules_Service_Queues_QueueId",
                        column: x => x.QueueId,
                        principalTable: "Service_Queues",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.InsertData(
                table: "Service_Calendars",
                columns: new[] { "Id", "CreatedAtUtc", "CreatedBy", "Holidays", "IsTwentyFourSeven", "ModifiedAtUtc", "ModifiedBy", "Name", "Periods", "TimeZoneId", "Version" },
                values: new object[] { 1L, new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), "system", "[]", true, new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), "system", "Around the clock (24x7)", "[]", "Etc/UTC", new Guid("5b0a3c8e-2f6d-4e51-9a7c-0c1d2e3f4a51") });

            migrationBuilder.InsertData(
                table: "Service_SlaPolicies",
                columns: new[] { "Id", "CalendarId", "Category", "CreatedAtUtc", "CreatedBy", "FirstResponseMinutes", "IsActive", "ModifiedAtUtc", "ModifiedBy", "Name", "NextResponseMinutes", "PauseWhenPendingCustomer", "PauseWhenPendingThirdParty", "Position", "Priority", "ResolutionMinutes", "Version", "WarningPercent" },
                values: new object[] { 1L, 1L, null, new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), "system", 240, true, new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), "system", "Standard", 480, true, true, 1, null, 4320, new Guid("7c1b4d9f-3a7e-4f62-8b8d-1d2e3f4a5b62"), 75 });

            migrationBuilder.CreateIndex(
                name: "IX_Service_Cases_QueueId_Status_LastActivityAtUtc",
                table: "Service_Cases",
                columns: new[] { "QueueId", "Status", "LastActivityAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_Service_Cases_SlaNextCheckAtUtc",
                table: "Service_Cases",
                column: "SlaNextCheckAtUtc");

            migrationBuilder.CreateIndex(
                name: "IX_Service_Cases_SlaPolicyId_Status",
                table: "Service_Cases",
                columns: new[] { "SlaPolicyId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_Service_Cases_SlaState_LastActivityAtUtc",
                table: "Service_Cases",
                columns: new[] { "SlaState", "LastActivityAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_Service_ArticleRevisions_ArticleId_Number",
                table: "Service_ArticleRevisions",
                columns: new[] { "ArticleId", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Service_Articles_Category_ModifiedAtUtc",
                table: "Service_Articles",
                columns: new[] { "Category", "ModifiedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_Service_Articles_ModifiedAtUtc",
                table: "Service_Articles",
                column: "ModifiedAtUtc");

            migrationBuilder.CreateIndex(
                name: "IX_Service_Articles_PublishedVisibility_PublishedAtUtc",
                table: "Service_Articles",
                columns: new[] { "PublishedVisibility", "PublishedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_Service_Articles_Slug",
                table: "Service_Articles",
                column: "Slug",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Service_ArticleWords_ArticleId_Scope_Word",
                table: "Service_ArticleWords",
                columns: new[] { "ArticleId", "Scope", "Word" });

            migrationBuilder.CreateIndex(
                name: "IX_Service_Calendars_Name",
                table: "Service_Calendars",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Service_CustomerAgentPins_CustomerId_AgentId",
                table: "Service_CustomerAgentPins",
                columns: new[] { "CustomerId", "AgentId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Service_QueueMembers_AgentId",
                table: "Service_QueueMembers",
                column: "AgentId");

            migrationBuilder.CreateIndex(
                name: "IX_Service_QueueMembers_QueueId_AgentId",
                table: "Service_QueueMembers",
                columns: new[] { "QueueId", "AgentId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Service_QueueRules_Position",
                table: "Service_QueueRules",
                column: "Position");

            migrationBuilder.CreateIndex(
                name: "IX_Service_QueueRules_QueueId",
                table: "Service_QueueRules",
                column: "QueueId");

            migrationBuilder.CreateIndex(
                name: "IX_Service_Queues_Name",
                table: "Service_Queues",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Service_SlaPolicies_CalendarId",
                table: "Service_SlaPolicies",
                column: "CalendarId");

            migrationBuilder.CreateIndex(
                name: "IX_Service_SlaPolicies_IsActive_Position",
                table: "Service_SlaPolicies",
                columns: new[] { "IsActive", "Position" });

            migrationBuilder.CreateIndex(
                name: "IX_Service_SlaPolicies_Name",
                table: "Service_SlaPolicies",
                column: "Name",
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "FK_Service_Cases_Service_Queues_QueueId",
                table: "Service_Cases",
                column: "QueueId",
                principalTable: "Service_Queues",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Service_Cases_Service_Queues_QueueId",
                table: "Service_Cases");

            migrationBuilder.DropTable(
                name: "Service_AgentAvailability");

            migrationBuilder.DropTable(
                name: "Service_ArticleRevisions");

            migrationBuilder.DropTable(
                name: "Service_ArticleWords");

            migrationBuilder.DropTable(
                name: "Service_CustomerAgentPins");

            migrationBuilder.DropTable(
                name: "Service_QueueMembers");

            migrationBuilder.DropTable(
                name: "Service_QueueRules");

            migrationBuilder.DropTable(
                name: "Service_SlaPolicies");

            migrationBuilder.DropTable(
                name: "Service_Articles");

            migrationBuilder.DropTable(
                name: "Service_Queues");

            migrationBuilder.DropTable(
                name: "Service_Calendars");

            migrationBuilder.DropIndex(
                name: "IX_Service_Cases_QueueId_Status_LastActivityAtUtc",
                table: "Service_Cases");

            migrationBuilder.DropIndex(
                name: "IX_Service_Cases_SlaNextCheckAtUtc",
                table: "Service_Cases");

            migrationBuilder.DropIndex(
                name: "IX_Service_Cases_SlaPolicyId_Status",
                table: "Service_Cases");

            migrationBuilder.DropIndex(
                name: "IX_Service_Cases_SlaState_LastActivityAtUtc",
                table: "Service_Cases");

            migrationBuilder.DropColumn(
                name: "FirstResponseDueAtUtc",
                table: "Service_Cases");

            migrationBuilder.DropColumn(
                name: "FirstResponseWarningAtUtc",
                table: "Service_Cases");

            migrationBuilder.DropColumn(
                name: "NextResponseDueAtUtc",
                table: "Service_Cases");

            migrationBuilder.DropColumn(
                name: "NextResponseWarningAtUtc",
                table: "Service_Cases");

            migrationBuilder.DropColumn(
                name: "PreferredAgentId",
                table: "Service_Cases");

            migrationBuilder.DropColumn(
                name: "QueueId",
                table: "Service_Cases");

            migrationBuilder.DropColumn(
                name: "ResolutionDueAtUtc",
                table: "Service_Cases");

            migrationBuilder.DropColumn(
                name: "ResolutionWarningAtUtc",
                table: "Service_Cases");

            migrationBuilder.DropColumn(
                name: "SlaNextCheckAtUtc",
                table: "Service_Cases");

            migrationBuilder.DropColumn(
                name: "SlaPolicies",
                table: "Service_Cases");

            migrationBuilder.DropColumn(
                name: "SlaPolicyId",
                table: "Service_Cases");

            migrationBuilder.DropColumn(
                name: "SlaPolicyName",
                table: "Service_Cases");

            migrationBuilder.DropColumn(
                name: "SlaRecorded",
                table: "Service_Cases");

            migrationBuilder.DropColumn(
                name: "SlaState",
                table: "Service_Cases");

            migrationBuilder.DropColumn(
                name: "ArticleId",
                table: "Service_CaseEntries");

            migrationBuilder.DropColumn(
                name: "ArticleRevision",
                table: "Service_CaseEntries");

            migrationBuilder.DropColumn(
                name: "Status",
                table: "Service_CaseEntries");
        }
    }
}
