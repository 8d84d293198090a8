using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class ServiceDeskViewsMacrosReportsEscalation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Contacts_SavedViews_OwnerUserId_Name",
                table: "Contacts_SavedViews");

            migrationBuilder.AddColumn<string>(
                name: "EscalationRules",
                table: "Service_SlaPolicies",
                type: "nvarchar(max)",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "MinimumTier",
                table: "Service_SlaPolicies",
                type: "nvarchar(10)",
                maxLength: 10,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "QueueId",
                table: "Service_SlaPolicies",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "UseQueueCalendar",
                table: "Service_SlaPolicies",
                type: "bit",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<long>(
                name: "CalendarId",
                table: "Service_Queues",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "FirstResponseBreached",
                table: "Service_Cases",
                type: "bit",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "FirstResponseBusinessMinutes",
                table: "Service_Cases",
                type: "float",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "ResolutionBreached",
                table: "Service_Cases",
                type: "bit",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "ResolutionBusinessMinutes",
                table: "Service_Cases",
                type: "float",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "SlaBreachedAtUtc",
                table: "Service_Cases",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ListKey",
                table: "Contacts_SavedViews",
                type: "nvarchar(40)",
                maxLength: 40,
                nullable: false,
                defaultValue: "customers");

            migrationBuilder.CreateTable(
                name: "Service_Macros",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    Name = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Body = table.Column<string>(type: "nvarchar(max)", maxLength: 20000, nullable: false),
                    SetStatus = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: true),
                    SetPriority = table.Column<string>(type: "nvarchar(10)", maxLength: 10, nullable: true),
                    AddTag = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: true),
                    IsActive = table.Column<bool>(type: "bit", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    CreatedBy = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    ModifiedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    ModifiedBy = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Version = table.Column<Guid>(type: "uniqueidentifier", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Service_Macros", x => x.Id);
                });

            migrationBuilder.UpdateData(
                table: "Service_SlaPolicies",
                keyColumn: "Id",
                keyValue: 1L,
                columns: new[] { "EscalationRules", "MinimumTier", "QueueId", "UseQueueCalendar" },
                values: new object[] { "[]", null, null, false });

            migrationBuilder.CreateIndex(
                name: "IX_Service_SlaPolicies_QueueId",
                table: "Service_SlaPolicies",
                column: "QueueId");

            migrationBuilder.CreateIndex(
                name: "IX_Service_Queues_CalendarId",
                table: "Service_Queues",
                column: "CalendarId");

            migrationBuilder.CreateIndex(
                name: "IX_Service_Cases_FirstRespondedAtUtc",
                table: "Service_Cases",
                column: "FirstRespondedAtUtc");

            migrationBuilder.CreateIndex(
                name: "IX_Service_Cases_ResolvedAtUtc",
                table: "Service_Cases",
                column: "ResolvedAtUtc");

            migrationBuilder.CreateIndex(
                name: "IX_Service_Cases_SlaBreachedAtUtc",
                table: "Service_Cases",
                column: "SlaBreachedAtUtc");

            migrationBuilder.CreateIndex(
                name: "IX_Contacts_SavedViews_OwnerUserId_ListKey_Name",
                table: "Contacts_SavedViews",
                columns: new[] { "OwnerUserId", "ListKey", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Service_Macros_Name",
                table: "Service_Macros",
                column: "Name",
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "FK_Service_Queues_Service_Calendars_CalendarId",
                table: "Service_Queues",
                column: "CalendarId",
                principalTable: "Service_Calendars",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "FK_Service_SlaPolicies_Service_Queues_QueueId",
                table: "Service_SlaPolicies",
                column: "QueueId",
                principalTable: "Service_Queues",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Service_Queues_Service_Calendars_CalendarId",
                table: "Service_Queues");

            migrationBuilder.DropForeignKey(
                name: "FK_Service_SlaPolicies_Service_Queues_QueueId",
                table: "Service_SlaPolicies");

            migrationBuilder.DropTable(
                name: "Service_Macros");

            migrationBuilder.DropIndex(
                name: "IX_Service_SlaPolicies_QueueId",
                table: "Service_SlaPolicies");

            migrationBuilder.DropIndex(
                name: "IX_Service_Queues_CalendarId",
                table: "Service_Queues");

            migrationBuilder.DropIndex(
                name: "IX_Service_Cases_FirstRespondedAtUtc",
                table: "Service_Cases");

            migrationBuilder.DropIndex(
                name: "IX_Service_Cases_ResolvedAtUtc",
                table: "Service_Cases");

            migrationBuilder.DropIndex(
                name: "IX_Service_Cases_SlaBreachedAtUtc",
                table: "Service_Cases");

            migrationBuilder.DropIndex(
                name: "IX_Contacts_SavedViews_OwnerUserId_ListKey_Name",
                table: "Contacts_SavedViews");

            migrationBuilder.DropColumn(
                name: "EscalationRules",
                table: "Service_SlaPolicies");

            migrationBuilder.DropColumn(
                name: "MinimumTier",
                table: "Service_SlaPolicies");

            migrationBuilder.DropColumn(
                name: "QueueId",
                table: "Service_SlaPolicies");

            migrationBuilder.DropColumn(
                name: "UseQueueCalendar",
                table: "Service_SlaPolicies");

            migrationBuilder.DropColumn(
                name: "CalendarId",
                table: "Service_Queues");

            migrationBuilder.DropColumn(
                name: "FirstResponseBreached",
                table: "Service_Cases");

            migrationBuilder.DropColumn(
                name: "FirstResponseBusinessMinutes",
                table: "Service_Cases");

            migrationBuilder.DropColumn(
                name: "ResolutionBreached",
                table: "Service_Cases");

            migrationBuilder.DropColumn(
                name: "ResolutionBusinessMinutes",
                table: "Service_Cases");

            migrationBuilder.DropColumn(
                name: "SlaBreachedAtUtc",
                table: "Service_Cases");

            migrationBuilder.DropColumn(
                name: "ListKey",
                table: "Contacts_SavedViews");

            migrationBuilder.CreateIndex(
                name: "IX_Contacts_SavedViews_OwnerUserId_Name",
                table: "Contacts_SavedViews",
                columns: new[] { "OwnerUserId", "Name" },
                unique: true);
        }
    }
}
