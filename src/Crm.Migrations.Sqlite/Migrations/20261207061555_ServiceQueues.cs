using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ServiceQueues : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
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

            migrationBuilder.CreateIndex(
                name: "IX_Service_Cases_QueueId_Status_LastActivityAtUtc",
                table: "Service_Cases",
                columns: new[] { "QueueId", "Status", "LastActivityAtUtc" });

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
                name: "Service_CustomerAgentPins");

            migrationBuilder.DropTable(
                name: "Service_QueueMembers");

            migrationBuilder.DropTable(
                name: "Service_QueueRules");

            migrationBuilder.DropTable(
                name: "Service_Queues");

            migrationBuilder.DropIndex(
                name: "IX_Service_Cases_QueueId_Status_LastActivityAtUtc",
                table: "Service_Cases");

            migrationBuilder.DropColumn(
                name: "PreferredAgentId",
                table: "Service_Cases");

            migrationBuilder.DropColumn(
                name: "QueueId",
                table: "Service_Cases");
        }
    }
}
