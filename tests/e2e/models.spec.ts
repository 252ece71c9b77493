import { dropFixture, expect, expectCanvasSize, test } from './helpers.js';

test('the model picker offers only models that fit a colour photo and shows model cards as text', async ({
  app,
}) => {
  await dropFixture(app, 'coffee.jpg');
  await expectCanvasSize(app, 480, 320);
  await app.getByRole('tab', { name: 'Models' }).click();

  const photo = app.getByTestId('model-photo');
  await expect(photo.getByRole('radio')).toBeChecked();
  await expect(photo.getByRole('note')).toHaveCount(0);
  for (const id of ['mnist-anp', 'mnist-np']) {
    const digits = app.getByTestId(`model-${id}`);
    await expect(digits.getByRole('radio')).toBeDisabled();
    await expect(digits.getByRole('note')).toContainText('MNIST');
    await expect(digits.getByRole('note')).toContainText('grey grid');
  }

  await photo.getByText('Model card').click();
  const card = photo.locator('details');
  await expect(card.getByRole('heading', { name: 'Photo completion and super-resolution' })).toBeVisible();
  await expect(card.getByRole('heading', { name: 'Training' })).toBeVisible();
  await expect(card.getByRole('columnheader', { name: 'peak learning rate' })).toBeVisible();
  await expect(card.locator('strong', { hasText: 'Status:' })).toBeVisible();
  const text = (await card.innerText()).replace(/`[^`]*`/g, '');
  expect(text).not.toMatch(/\*\*|^#+ |\| --- \|/m);
});
